import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/spinner";

export function Section(props: {
  title: string;
  error: string | null;
  loading: boolean;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = `admin-${props.title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 id={id} className="text-lg font-semibold">
          {props.title}
        </h2>
        {props.actions}
      </div>
      {props.error ? (
        <p role="alert" className="text-sm text-danger">
          {props.error}
        </p>
      ) : null}
      {props.loading && !props.error ? <Skeleton className="h-24 w-full" /> : props.children}
    </section>
  );
}

/** An admin list: a labelled table with its column headings ("" = an unlabelled actions column). */
export function AdminTable(props: { label: string; columns: string[]; cell?: string; children: ReactNode }) {
  const cell = props.cell ?? "p-3";
  return (
    <table className="w-full text-sm" aria-label={props.label}>
      <thead className="text-left text-muted-fg">
        <tr>
          {props.columns.map((c, i) => (
            <th key={c || `col-${i}`} className={c ? `${cell} font-medium` : cell}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
