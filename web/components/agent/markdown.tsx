"use client";
// The agent's text: GitHub-flavoured Markdown, no raw HTML (react-markdown ignores it by default),
// links open in a new tab.
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block";

export function Markdown({ text }: { text: string }) {
  return (
    <div className="agent-md text-sm leading-relaxed break-words [&_ol]:ml-5 [&_ol]:list-decimal [&_p]:my-1.5 [&_ul]:ml-5 [&_ul]:list-disc [&_table]:text-xs [&_td]:border [&_td]:border-border [&_td]:px-1 [&_th]:border [&_th]:border-border [&_th]:px-1 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        components={{
          pre: ({ children }) => <>{children}</>,
          code: ({ className, children }) => {
            const text = String(children ?? "");
            const lang = /language-([\w+-]+)/.exec(className ?? "")?.[1];
            if (!lang && !text.includes("\n")) {
              return <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">{children}</code>;
            }
            return <CodeBlock code={text.replace(/\n$/, "")} language={lang} />;
          },
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noreferrer noopener" className="text-accent underline">
              {children}
            </a>
          ),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
