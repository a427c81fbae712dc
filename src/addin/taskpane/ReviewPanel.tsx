/** Review: uncoded rows with up to three suggestions each; Accept writes one with status "accepted". */
import { Button, Link, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { PaneApi } from "./usePane";

const useStyles = makeStyles({
  list: {
    listStyle: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  item: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalS,
  },
  suggestions: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
});

/** Rows shown at once; the rest follow as rows are accepted. */
export const REVIEW_PAGE = 100;

export function ReviewPanel({ pane }: { pane: PaneApi }) {
  const styles = useStyles();
  const items = pane.state.review;
  return (
    <section aria-labelledby="review-title">
      <Text as="h2" id="review-title" weight="semibold" size={400}>
        Review uncoded rows
      </Text>
      {items.length === 0 ? (
        <Text as="p">
          Nothing to review. Rows the service could not code appear here after a run, with up to three suggestions each.
        </Text>
      ) : (
        <>
          <Text as="p">
            {items.length.toLocaleString("en-AU")} uncoded {items.length === 1 ? "row" : "rows"}
            {items.length > REVIEW_PAGE ? ` (showing the first ${REVIEW_PAGE})` : ""}. Accept a suggestion to write it
            with status &quot;accepted&quot;.
          </Text>
          <ul className={styles.list}>
            {items.slice(0, REVIEW_PAGE).map((item) => (
              <li key={`${item.sheetId}:${item.row}`} className={styles.item} aria-label={`Row ${item.address}`}>
                <div>
                  {/* The accessible name must contain the visible text (WCAG 2.5.3), so say "Go to" on screen too. */}
                  <Link as="button" onClick={() => void pane.goTo(item)}>
                    Go to {item.sheetName}!{item.address}
                  </Link>{" "}
                  <Text weight="semibold">{item.title}</Text>
                </div>
                {item.suggestions.length === 0 ? (
                  <Text size={200}>No suggestions: check the text, or code it by hand.</Text>
                ) : (
                  <div className={styles.suggestions}>
                    {item.suggestions.map((s) => (
                      <Button
                        key={s.code}
                        size="small"
                        appearance="subtle"
                        onClick={() => void pane.accept(item, s)}
                        aria-label={`Accept ${s.code} ${s.title} for ${item.address}`}
                      >
                        {s.code} {s.title} ({Math.round(s.confidence * 100)}%)
                      </Button>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
