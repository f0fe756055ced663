export function Avatar({ name, image, size = 28 }: { name: string; image?: string | null; size?: number }) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  if (image) {
    // biome-ignore lint/performance/noImgElement: avatars come from arbitrary hosts; no optimisation needed
    return <img src={image} alt="" width={size} height={size} className="rounded-full" />;
  }
  return (
    <span
      aria-hidden
      style={{ width: size, height: size }}
      className="inline-flex items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-fg"
    >
      {initials || "?"}
    </span>
  );
}
