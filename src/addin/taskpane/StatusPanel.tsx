/**
 * Status: quota used and left (the caller's own team first, then other teams and overall), token
 * health, simulator banner, backend version — from GET /api/status.
 */
import { useCallback, useEffect, useState } from "react";
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { BackendStatus, QuotaFigures } from "./coding/backendStatus";
import { describeFailure, describeResumeTime } from "./coding/messages";
import type { PaneApi } from "./usePane";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  table: { borderCollapse: "collapse", "& th, & td": { textAlign: "left", paddingRight: tokens.spacingHorizontalM } },
});

export const SIMULATOR_BANNER =
  "This backend answers from the ABS simulator, not the real ABS Occupation Coding Service: codes come from the local coder and are for testing only. Ask your administrator to configure ABS credentials before coding real data.";

export function StatusPanel({ pane }: { pane: PaneApi }) {
  const styles = useStyles();
  const [status, setStatus] = useState<BackendStatus | undefined>();
  const [error, setError] = useState<{ title: string; message: string } | undefined>();
  const [loading, setLoading] = useState(false);
  const { loadStatus } = pane;

  const refresh = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    try {
      setStatus(await loadStatus());
    } catch (e) {
      setStatus(undefined);
      setError(describeFailure(e));
    } finally {
      setLoading(false);
    }
  }, [loadStatus]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const now = Date.now();
  return (
    <section aria-labelledby="status-title" className={styles.panel}>
      <Text as="h2" id="status-title" weight="semibold" size={400}>
        Backend status
      </Text>
      {loading && <Spinner size="tiny" label="Asking the backend…" />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{error.title}</MessageBarTitle>
            {error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {status?.simulator && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Simulator</MessageBarTitle>
            {SIMULATOR_BANNER}
          </MessageBarBody>
        </MessageBar>
      )}
      {status && (
        <table className={styles.table}>
          <tbody>
            <Row label="Backend version" value={status.version ?? "not reported"} />
            <Row label="Codes from" value={status.upstream ?? (status.simulator ? "simulator" : "not reported")} />
            <Row label="ABS token" value={tokenText(status, now)} />
            {status.quota.team && (
              <Row
                label={`Quota, your team${status.quota.teamName ? ` (${status.quota.teamName})` : ""}`}
                value={quotaText(status.quota.team)}
              />
            )}
            {status.quota.teams
              .filter((t) => !(status.quota.team && t.name === status.quota.teamName))
              .map((t) => (
                <Row key={t.name} label={`Quota, team ${t.name}`} value={quotaText(t.figures)} />
              ))}
            <Row label="Quota, everyone" value={quotaText(status.quota.overall)} />
            {status.quota.resetsAt && (
              <Row
                label="Quota resets"
                value={describeResumeTime(status.quota.resetsAt, now) ?? status.quota.resetsAt}
              />
            )}
            {status.cacheHitRate !== undefined && (
              <Row label="Cache hits" value={`${Math.round(status.cacheHitRate * 100)}%`} />
            )}
          </tbody>
        </table>
      )}
      <div>
        <Button onClick={() => void refresh()} disabled={loading}>
          Refresh
        </Button>
      </div>
    </section>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
}

export function quotaText(q: QuotaFigures | undefined): string {
  if (!q) return "not reported";
  const n = (x: number) => x.toLocaleString("en-AU");
  const parts: string[] = [];
  if (q.used !== undefined) parts.push(`${n(q.used)} used`);
  if (q.left !== undefined) parts.push(`${n(q.left)} left`);
  if (q.limit !== undefined) parts.push(`of ${n(q.limit)} today`);
  return parts.join(", ");
}

export function tokenText(status: BackendStatus, now: number): string {
  const t = status.token;
  if (!t) return "not reported";
  if (t.blockedUntil) {
    return `blocked: the ABS refused a token request; the backend tries again at ${describeResumeTime(t.blockedUntil, now) ?? t.blockedUntil}`;
  }
  const health = t.healthy === false ? "unhealthy" : t.healthy === true ? "healthy" : (t.state ?? "unknown");
  const expiry = t.expiresAt
    ? `, valid until ${new Date(t.expiresAt).toLocaleTimeString("en-AU", { hour: "numeric", minute: "2-digit" })}`
    : "";
  return `${health}${t.state && t.healthy !== undefined ? ` (${t.state})` : ""}${expiry}${t.message ? `: ${t.message}` : ""}`;
}
