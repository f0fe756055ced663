"use client";
// Memory and CPU as segmented choices: fewer ways to get it wrong than free numbers. The server's
// settings (or a template's larger needs) are the ceiling, so only values up to `max` are offered.
import { cn } from "@/lib/cn";

const MEMORY = [1024, 2048, 3072, 4096, 8192];
const CPUS = [1, 2, 4];

type Props = {
  memoryMb: number;
  cpus: number;
  max: { memoryMb: number; cpus: number };
  onChange: (v: { memoryMb?: number; cpus?: number }) => void;
  errors: { memoryMb?: string; cpus?: string };
};

const upTo = (list: number[], max: number, current: number) =>
  [...new Set([...list.filter((v) => v < max), max, current])].filter((v) => v <= max).sort((a, b) => a - b);

export function ResourcePicker({ memoryMb, cpus, max, onChange, errors }: Props) {
  const memOptions = upTo([512, ...MEMORY], max.memoryMb, memoryMb);
  const cpuOptions = upTo([0.5, ...CPUS], max.cpus, cpus);
  return (
    <div className="grid grid-cols-2 gap-6">
      <Choice
        legend="Memory"
        name="memory"
        options={memOptions.map((m) => [m, m >= 1024 && m % 512 === 0 ? `${m / 1024} GB` : `${m} MB`])}
        value={memoryMb}
        onPick={(v) => onChange({ memoryMb: v })}
        error={errors.memoryMb}
      />
      <Choice
        legend="CPUs"
        name="cpus"
        options={cpuOptions.map((c) => [c, `${c} vCPU`])}
        value={cpus}
        onPick={(v) => onChange({ cpus: v })}
        error={errors.cpus}
      />
    </div>
  );
}

type ChoiceProps = {
  legend: string;
  name: string;
  options: Array<[number, string]>;
  value: number;
  onPick: (v: number) => void;
  error?: string;
};

function Choice({ legend, name, options, value, onPick, error }: ChoiceProps) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div className="inline-flex flex-wrap rounded-md bg-muted p-1 text-sm">
        {options.map(([v, label]) => (
          <label
            key={v}
            className={cn(
              "cursor-pointer rounded px-3 py-1 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent",
              v === value ? "bg-card font-medium shadow-sm" : "text-muted-fg hover:text-fg",
            )}
          >
            <input
              type="radio"
              className="sr-only"
              name={name}
              checked={v === value}
              onChange={() => onPick(v)}
            />
            {label}
          </label>
        ))}
      </div>
      {error && <p className="mt-1 text-sm text-danger">{error}</p>}
    </fieldset>
  );
}
