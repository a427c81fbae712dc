/** The task pane shell: Fluent UI provider following the Office theme, and the pane's sections. */
import { useState } from "react";
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
  Title3,
  Body1,
} from "@fluentui/react-components";
import type { HostInfo } from "../excel/office";
import type { PaneServices } from "./coding/paneServices";
import { About } from "./About";
import { CodePanel } from "./CodePanel";
import { ReviewPanel } from "./ReviewPanel";
import { SettingsPanel } from "./SettingsPanel";
import { StatusPanel } from "./StatusPanel";
import { usePane } from "./usePane";

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    boxSizing: "border-box",
  },
});

type TabId = "code" | "review" | "settings" | "status";

export function App({ host, services }: { host: HostInfo; services?: PaneServices }) {
  const styles = useStyles();
  return (
    <FluentProvider theme={host.darkTheme ? webDarkTheme : webLightTheme}>
      <main className={styles.root} aria-labelledby="pane-title">
        <Title3 as="h1" id="pane-title">
          Occupation Coder
        </Title3>
        <Body1>Select job titles in the sheet and code them to OSCA 2024 or ANZSCO 2022.</Body1>
        {host.host === "none" || !services ? (
          <Body1 role="status">Open this page from Excel (Data › Code occupations) to code cells.</Body1>
        ) : (
          <Pane services={services} />
        )}
        <About />
      </main>
    </FluentProvider>
  );
}

function Pane({ services }: { services: PaneServices }) {
  const pane = usePane(services);
  const [tab, setTab] = useState<TabId>("code");
  const notice = pane.state.notice;
  const reviewCount = pane.state.review.length;
  return (
    <>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} aria-label="Task pane sections">
        <Tab value="code">Code</Tab>
        <Tab value="review">{reviewCount ? `Review (${reviewCount.toLocaleString("en-AU")})` : "Review"}</Tab>
        <Tab value="settings">Settings</Tab>
        <Tab value="status">Status</Tab>
      </TabList>
      {notice && (
        <MessageBar intent={notice.intent} aria-live="polite">
          <MessageBarBody>
            {notice.title && <MessageBarTitle>{notice.title}</MessageBarTitle>}
            {notice.message}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" aria-label="Dismiss message" onClick={pane.dismissNotice}>
                ×
              </Button>
            }
          />
        </MessageBar>
      )}
      <div role="tabpanel" aria-label={tab}>
        {tab === "code" && <CodePanel pane={pane} />}
        {tab === "review" && <ReviewPanel pane={pane} />}
        {tab === "settings" && <SettingsPanel pane={pane} />}
        {tab === "status" && <StatusPanel pane={pane} />}
      </div>
    </>
  );
}
