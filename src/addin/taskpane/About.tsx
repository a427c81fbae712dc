/** About: the CC BY 4.0 attribution the classification data requires, and the ABS terms. */
import { Body1, Caption1, Link, Subtitle2 } from "@fluentui/react-components";
import { ABS_SERVICE_TERMS_URL, CC_BY_URL, DATA_ATTRIBUTION } from "../../shared/attribution";

export function About() {
  return (
    <section aria-labelledby="about-title">
      <Subtitle2 as="h2" id="about-title">
        About
      </Subtitle2>
      <Body1 as="p">
        Codes are assigned by the ABS WoAG Occupation Coding Service through your organisation&apos;s backend. See the{" "}
        <Link href={ABS_SERVICE_TERMS_URL} target="_blank" rel="noreferrer">
          ABS registration and terms of use
        </Link>
        .
      </Body1>
      <Caption1 as="p">
        {DATA_ATTRIBUTION}{" "}
        <Link href={CC_BY_URL} target="_blank" rel="noreferrer">
          CC BY 4.0 licence
        </Link>
      </Caption1>
    </section>
  );
}
