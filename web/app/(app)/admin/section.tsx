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
