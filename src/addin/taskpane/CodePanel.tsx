/** Code: the options for a run, the Code button, progress with counts and ETA, Cancel, and the overwrite question. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  ProgressBar,
  Radio,
  RadioGroup,
  Select,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Topic } from "../../shared/api";
import { describeResumeTime } from "./coding/messages";
import type { CodingOptions, HeaderChoice, RunProgress, TasksChoice } from "./coding/types";
import type { PaneApi } from "./usePane";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  row: { display: "flex", columnGap: tokens.spacingHorizontalS, alignItems: "end" },
  actions: { display: "flex", columnGap: tokens.spacingHorizontalS },
});

export const TOPIC_LABELS: Record<Topic, string> = { osca: "OSCA 2024", anzsco: "ANZSCO 2022" };

export function CodePanel({ pane }: { pane: PaneApi }) {
  const styles = useStyles();
  const { state } = pane;
  const options = state.options;
  const set = (change: Partial<CodingOptions>) => pane.setOptions({ ...options, ...change });
  const tasksKind = options.tasks.kind;
  const position = options.layout.position;

  return (
    <section aria-labelledby="code-title" className={styles.form}>
      <Text as="h2" id="code-title" weight="semibold" size={400}>
        Code the selected job titles
      </Text>
      <Field label="Classification">
        <RadioGroup layout="horizontal" value={options.topic} onChange={(_, d) => set({ topic: d.value as Topic })}>
          <Radio value="osca" label={TOPIC_LABELS.osca} />
          <Radio value="anzsco" label={TOPIC_LABELS.anzsco} />
        </RadioGroup>
      </Field>
      <div className={styles.row}>
        <Field label="Tasks column">
          <Select
            value={tasksKind}
            onChange={(_, d) => {
              const kind = d.value as TasksChoice["kind"];
              set({ tasks: kind === "column" ? { kind, column: "" } : ({ kind } as TasksChoice) });
            }}
          >
            <option value="auto">Second selected column, if any</option>
            <option value="none">None</option>
            <option value="next">Column right of the titles</option>
            <option value="column">Column…</option>
          </Select>
        </Field>
        {options.tasks.kind === "column" && (
          <Field label="Tasks column letter">
            <Input
              size="small"
              value={options.tasks.column}
              onChange={(_, d) => set({ tasks: { kind: "column", column: d.value.toUpperCase() } })}
              placeholder="B"
            />
          </Field>
        )}
      </div>
      <Field label="First row">
        <Select value={options.header} onChange={(_, d) => set({ header: d.value as HeaderChoice })}>
          <option value="auto">Detect a header row</option>
          <option value="yes">Is a header row</option>
          <option value="no">Is data</option>
        </Select>
      </Field>
      <div className={styles.row}>
        <Field label="Output columns">
          <Select
            value={position === "right" ? "right" : "column"}
            onChange={(_, d) =>
              set({ layout: { ...options.layout, position: d.value === "right" ? "right" : { column: "" } } })
            }
          >
            <option value="right">Right of the selection</option>
            <option value="column">Starting at column…</option>
          </Select>
        </Field>
        {position !== "right" && (
          <Field label="First output column letter">
            <Input
              size="small"
              value={position.column}
              onChange={(_, d) => set({ layout: { ...options.layout, position: { column: d.value.toUpperCase() } } })}
              placeholder="F"
            />
          </Field>
        )}
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void pane.code()} disabled={state.busy}>
          Code
        </Button>
        {state.busy && (
          <Button onClick={pane.cancel} disabled={!state.progress || state.progress.phase === "reading"}>
            Cancel
          </Button>
        )}
      </div>
      {state.resumed && state.busy && (
        <Text role="status">
          Resuming the run started {new Date(state.resumed.startedAt).toLocaleString("en-AU")} for{" "}
          {state.resumed.selectionAddress}.
        </Text>
      )}
      {state.busy && state.progress && <Progress progress={state.progress} />}
      <ConfirmOverwrite pane={pane} />
    </section>
  );
}

export function formatEta(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  if (seconds < 60) return "less than a minute left";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

export function progressText(p: RunProgress): string {
  const n = (x: number) => x.toLocaleString("en-AU");
  if (p.phase === "reading") return `Reading the selection… ${n(p.done)} of ${n(p.total)} rows`;
  if (p.phase === "waitingForCellEdit")
    return "Waiting: Excel is editing a cell. Press Enter or Esc to finish editing and coding carries on.";
  const eta = p.waitingUntil
    ? `waiting for quota: the backend carries on at ${describeResumeTime(p.waitingUntil, Date.now()) ?? p.waitingUntil}`
    : formatEta(p.etaSeconds);
  return [
    `${n(p.done)} of ${n(p.total)} done`,
    `${n(p.counts.coded)} coded`,
    `${n(p.counts.uncoded)} uncoded`,
    `${n(p.counts.error)} errors`,
    `${n(p.written)} written`,
    ...(eta ? [eta] : []),
  ].join(" · ");
}

function Progress({ progress }: { progress: RunProgress }) {
  const value = progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  return (
    <Field validationMessage={progressText(progress)} validationState="none">
      <ProgressBar value={value} max={1} aria-label="Coding progress" thickness="large" />
    </Field>
  );
}

function ConfirmOverwrite({ pane }: { pane: PaneApi }) {
  const prepared = pane.state.confirm;
  if (!prepared) return null;
  const examples = prepared.rowsWithOutputExamples.slice(0, 5).join(", ");
  const n = prepared.rowsWithOutput.toLocaleString("en-AU");
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && void pane.decide("cancel")}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Some output cells are not empty</DialogTitle>
          <DialogContent>
            {n} {prepared.rowsWithOutput === 1 ? "row already has" : "rows already have"} something in the output
            columns {prepared.outputAddress} ({examples}
            {prepared.rowsWithOutput > 5 ? ", …" : ""}). Fill only the rows whose output cells are empty (
            {prepared.toCodeFillMissing.toLocaleString("en-AU")} rows), or overwrite those cells too?
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void pane.decide("fill")}>
              Fill empty rows only
            </Button>
            <Button onClick={() => void pane.decide("overwrite")}>Overwrite</Button>
            <Button onClick={() => void pane.decide("cancel")}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
