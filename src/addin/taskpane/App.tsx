/** The task pane shell: Fluent UI provider following the Office theme, and the pane's sections. */
import {
  FluentProvider,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
  Title3,
  Body1,
} from "@fluentui/react-components";
import type { HostInfo } from "../excel/office";
import { About } from "./About";

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

export function App({ host }: { host: HostInfo }) {
  const styles = useStyles();
  return (
    <FluentProvider theme={host.darkTheme ? webDarkTheme : webLightTheme}>
      <main className={styles.root} aria-labelledby="pane-title">
        <Title3 as="h1" id="pane-title">
          Occupation Coder
        </Title3>
        <Body1>Select job titles in the sheet and code them to OSCA 2024 or ANZSCO 2022.</Body1>
        {host.host === "none" && (
          <Body1 role="status">Open this page from Excel (Data › Code occupations) to code cells.</Body1>
        )}
        <About />
      </main>
    </FluentProvider>
  );
}
