// The few parts of VS Code's extension API the editor-context extension uses (no @types/vscode
// dependency: the API is provided by code-server at run time, as `require("vscode")`).
declare module "vscode" {
  export interface Disposable {
    dispose(): unknown;
  }
  export type Event<T> = (listener: (e: T) => unknown) => Disposable;
  export class Position {
    constructor(line: number, character: number);
    readonly line: number;
    readonly character: number;
  }
  export class Range {
    constructor(start: Position, end: Position);
    readonly start: Position;
    readonly end: Position;
    readonly isEmpty: boolean;
  }
  export class Selection extends Range {
    constructor(anchor: Position, active: Position);
  }
  export class Uri {
    static file(path: string): Uri;
    static from(components: { scheme: string; path: string; query?: string }): Uri;
    readonly scheme: string;
    readonly path: string;
    readonly fsPath: string;
    readonly query: string;
    toString(): string;
  }
  export interface TextDocument {
    readonly uri: Uri;
    readonly languageId: string;
    readonly lineCount: number;
    getText(range?: Range): string;
  }
  export interface TextEditor {
    readonly document: TextDocument;
    selection: Selection;
    readonly visibleRanges: readonly Range[];
    revealRange(range: Range, revealType?: number): void;
  }
  export enum DiagnosticSeverity {
    Error = 0,
    Warning = 1,
    Information = 2,
    Hint = 3,
  }
  export interface Diagnostic {
    readonly range: Range;
    readonly message: string;
    readonly severity: DiagnosticSeverity;
    readonly source?: string;
  }
  export interface Tab {
    readonly input: unknown;
  }
  export interface TabGroup {
    readonly tabs: readonly Tab[];
  }
  export class TabInputText {
    readonly uri: Uri;
  }
  export interface TextDocumentContentProvider {
    provideTextDocumentContent(uri: Uri): string | undefined;
  }
  export interface ExtensionContext {
    readonly subscriptions: Disposable[];
  }
  export namespace window {
    const activeTextEditor: TextEditor | undefined;
    const onDidChangeActiveTextEditor: Event<TextEditor | undefined>;
    const onDidChangeTextEditorSelection: Event<{ textEditor: TextEditor }>;
    const onDidChangeTextEditorVisibleRanges: Event<{ textEditor: TextEditor }>;
    const onDidChangeWindowState: Event<{ focused: boolean }>;
    const tabGroups: { readonly all: readonly TabGroup[]; onDidChangeTabs: Event<unknown> };
    function showTextDocument(
      uri: Uri,
      options?: { selection?: Range; preview?: boolean },
    ): Thenable<TextEditor>;
  }
  export namespace languages {
    const onDidChangeDiagnostics: Event<unknown>;
    function getDiagnostics(): [Uri, Diagnostic[]][];
  }
  export namespace commands {
    function executeCommand(command: string, ...args: unknown[]): Thenable<unknown>;
  }
  export namespace workspace {
    function registerTextDocumentContentProvider(
      scheme: string,
      provider: TextDocumentContentProvider,
    ): Disposable;
  }
  export enum TextEditorRevealType {
    Default = 0,
    InCenter = 1,
  }
}
