/**
 * Settings: backend URL (saved in the workbook, shared with co-authors), API key (this person
 * only, never in the workbook), default topic, output columns and their names, Test connection,
 * and the =ABSCODE() workbook name.
 */
import { useEffect, useState } from "react";
import {
  Button,
  Checkbox,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Topic } from "../../shared/api";
import type { PaneSettingsValues } from "./coding/paneSettings";
import { ALL_OUTPUT_FIELDS, DEFAULT_LAYOUT, type OutputField } from "./coding/types";
import { TOPIC_LABELS } from "./CodePanel";
import type { PaneApi } from "./usePane";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  fields: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalS,
    alignItems: "center",
  },
  actions: { display: "flex", columnGap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

const FIELD_LABELS: Record<OutputField, string> = {
  code: "Code",
  title: "Title",
  level: "Level",
  confidence: "Confidence",
  status: "Status",
};

export function SettingsPanel({ pane }: { pane: PaneApi }) {
  const styles = useStyles();
  const saved = pane.state.settings;
  const [form, setForm] = useState<PaneSettingsValues>(
    saved ?? { backendUrl: "", apiKey: "", topic: "osca", layout: DEFAULT_LAYOUT },
  );
  const [test, setTest] = useState<{ ok: boolean; message: string } | undefined>();
  const [testing, setTesting] = useState(false);
  useEffect(() => {
    if (saved) setForm(saved);
  }, [saved]);

  const toggleField = (field: OutputField, on: boolean) => {
    const fields = ALL_OUTPUT_FIELDS.filter((f) => (f === field ? on : form.layout.fields.includes(f)));
    setForm({ ...form, layout: { ...form.layout, fields } });
  };

  return (
    <section aria-labelledby="settings-title" className={styles.form}>
      <Text as="h2" id="settings-title" weight="semibold" size={400}>
        Settings
      </Text>
      <Field
        label="Backend URL"
        hint="Saved in this workbook, so everyone who opens it uses the same backend. Leave empty to use this add-in's own server."
      >
        <Input
          type="url"
          value={form.backendUrl}
          placeholder="https://coder.example.gov.au"
          onChange={(_, d) => setForm({ ...form, backendUrl: d.value })}
        />
      </Field>
      <Field label="API key" hint="Kept on this computer for you only; never saved in the workbook.">
        <Input type="password" value={form.apiKey} onChange={(_, d) => setForm({ ...form, apiKey: d.value })} />
      </Field>
      <Field label="Default classification">
        <RadioGroup
          layout="horizontal"
          value={form.topic}
          onChange={(_, d) => setForm({ ...form, topic: d.value as Topic })}
        >
          <Radio value="osca" label={TOPIC_LABELS.osca} />
          <Radio value="anzsco" label={TOPIC_LABELS.anzsco} />
        </RadioGroup>
      </Field>
      <fieldset style={{ border: "none", padding: 0, margin: 0 }}>
        <legend>Output columns, in order, and their header names</legend>
        <div className={styles.fields}>
          {ALL_OUTPUT_FIELDS.map((field) => (
            <FieldRow
              key={field}
              field={field}
              checked={form.layout.fields.includes(field)}
              name={form.layout.headers[field]}
              onToggle={(on) => toggleField(field, on)}
              onRename={(name) =>
                setForm({ ...form, layout: { ...form.layout, headers: { ...form.layout.headers, [field]: name } } })
              }
            />
          ))}
        </div>
      </fieldset>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void pane.saveSettings(form)}>
          Save settings
        </Button>
        <Button
          disabled={testing}
          onClick={() => {
            setTesting(true);
            setTest(undefined);
            void pane.testConnection(form).then((result) => {
              setTest(result);
              setTesting(false);
            });
          }}
        >
          {testing ? "Testing…" : "Test connection"}
        </Button>
      </div>
      {test && (
        <Text
          role="status"
          style={{ color: test.ok ? tokens.colorPaletteGreenForeground1 : tokens.colorPaletteRedForeground1 }}
        >
          {test.message}
        </Text>
      )}
      <Field label="Formula" hint="Lets anyone with the add-in type =ABSCODE(A2) or =ABSCODE(A2, B2) in this workbook.">
        <Button onClick={() => void pane.defineAbscode()}>Define =ABSCODE() in this workbook</Button>
      </Field>
    </section>
  );
}

function FieldRow(props: {
  field: OutputField;
  checked: boolean;
  name: string;
  onToggle: (on: boolean) => void;
  onRename: (name: string) => void;
}) {
  const label = FIELD_LABELS[props.field];
  return (
    <>
      <Checkbox label={label} checked={props.checked} onChange={(_, d) => props.onToggle(Boolean(d.checked))} />
      <Input
        size="small"
        aria-label={`Header name for ${label}`}
        value={props.name}
        disabled={!props.checked}
        onChange={(_, d) => props.onRename(d.value)}
      />
    </>
  );
}
