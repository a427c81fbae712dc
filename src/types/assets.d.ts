/** Data files bundled as text: webpack's asset/source, and test/support/rawTextTransform.js under Jest. */
declare module "*.csv" {
  const text: string;
  export default text;
}
