// A CodeMirror 6 editor for a template's source: line numbers, HTML + Jinja highlighting, and the
// server's error marked in the gutter with its line highlighted. Loaded on demand (its own chunk).
// Tab is left to move the focus (keyboard users are not trapped); its styles are CodeMirror's
// own <style> elements, which the UI's policy allows (style-src 'unsafe-inline').
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { html } from "@codemirror/lang-html";
import { jinja } from "@codemirror/lang-jinja";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";

export interface EditorError {
  line: number;
  column?: number;
  message: string;
}

export interface CodeEditorProps {
  id: string;
  labelId: string;
  describedBy?: string;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  error: EditorError | null;
  /** The HTML body gets HTML under the Jinja highlighting; the text body only Jinja. */
  html: boolean;
}

const setErrorLine = StateEffect.define<number | null>();
const errorLineMark = Decoration.line({ attributes: { class: "cm-error-line", "data-error-line": "true" } });

/** The highlighted line of the error (a line decoration), moved along with edits. */
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue;
      next =
        e.value === null || e.value > tr.state.doc.lines
          ? Decoration.none
          : Decoration.set([errorLineMark.range(tr.state.doc.line(e.value).from)]);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The error as a diagnostic: from its column to the end of its line (the whole line without one). */
function diagnosticsOf(state: EditorState, error: EditorError | null): Diagnostic[] {
  if (!error || error.line > state.doc.lines) return [];
  const line = state.doc.line(error.line);
  const from = Math.min(line.to, line.from + Math.max(0, (error.column ?? 1) - 1));
  return [{ from, to: line.to, severity: "error", message: error.message }];
}

export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const editable = useRef(new Compartment());
  const attributes = useRef(new Compartment());

  const contentAttributes = () =>
    EditorView.contentAttributes.of({
      id: props.id,
      "aria-labelledby": props.labelId,
      "aria-multiline": "true",
      ...(props.describedBy ? { "aria-describedby": props.describedBy } : {}),
      ...(props.error ? { "aria-invalid": "true" } : {}),
      spellcheck: "false",
    });
  const editability = () => [
    EditorState.readOnly.of(props.readOnly),
    EditorView.editable.of(!props.readOnly),
  ];

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is made once; later props reach it through the effects below.
  useEffect(() => {
    const state = EditorState.create({
      doc: props.value,
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        props.html ? jinja({ base: html() }) : jinja(),
        EditorView.lineWrapping,
        lintGutter(),
        errorLine,
        editable.current.of(editability()),
        attributes.current.of(contentAttributes()),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  // A new value from outside (another type or language loaded, a reset): replace the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the compartments are rebuilt from these props.
  useEffect(() => {
    view.current?.dispatch({
      effects: [
        editable.current.reconfigure(editability()),
        attributes.current.reconfigure(contentAttributes()),
      ],
    });
  }, [props.readOnly, props.id, props.labelId, props.describedBy, props.error]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(setDiagnostics(v.state, diagnosticsOf(v.state, props.error)));
    v.dispatch({ effects: setErrorLine.of(props.error ? props.error.line : null) });
  }, [props.error]);

  return <div ref={host} className="code-editor" data-testid={`${props.id}-editor`} />;
}
