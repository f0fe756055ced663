# The slice of nixpkgs.lib that the templates (and typical user flakes) reach for.
rec {
  genAttrs = names: f: builtins.listToAttrs (map (name: { inherit name; value = f name; }) names);
  optionals = cond: list: if cond then list else [ ];
  optional = cond: x: if cond then [ x ] else [ ];
  concatStringsSep = builtins.concatStringsSep;
  makeBinPath = paths: concatStringsSep ":" (map (p: "${p}/bin") paths);
  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (builtins.attrNames attrs);
}
