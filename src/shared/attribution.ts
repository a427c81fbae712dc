/** The CC BY 4.0 attribution the classification data requires; shown in the task pane's About. */
export const DATA_ATTRIBUTION =
  "Source: Australian Bureau of Statistics, OSCA – Occupation Standard Classification for Australia, " +
  "2024, Version 1.0 and ANZSCO – Australian and New Zealand Standard Classification of Occupations, " +
  "2022 Australian Update, licensed CC BY 4.0. Australian Skills Classification © Commonwealth of " +
  "Australia (National Skills Commission / Jobs and Skills Australia), CC BY 4.0. Adapted: converted to CSV and joined.";

export const CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/";
export const ABS_SERVICE_TERMS_URL =
  "https://www.abs.gov.au/about/key-priorities/whole-australian-government-occupation-coding-service/registration-and-terms-use";
