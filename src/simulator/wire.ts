/**
 * The JSON objects the ABS User Guide documents (§6 glossary of abs-coding-service.md).
 * Field names are exact; shapes the guide leaves open are in ./inferredContract.ts.
 */

/** §6.1 [DOC gathering-parameters]. */
export interface Topic {
  uriName: string;
  fullName: string;
}

/** §6.2 [DOC glossary]. */
export interface ModelDetails {
  modelId: string;
  modelVersion: number;
  modelReleaseDate: string;
  modelType: string;
  inputFormat: string[];
  topicStandard: string;
  topicVersion: string;
}

/** §6.3 [DOC glossary]. */
export interface RecordObject {
  recordId?: string;
  occp_text?: string;
  tasks_text?: string;
}

/** §6.6 [DOC glossary]. */
export interface CodedRecord {
  codeCategory: string;
  codeLabel: string;
  codeConfidence: number;
}

/** §6.4 [DOC glossary]. */
export interface SynchronousCodeResponse {
  recordId?: string;
  codeStatus: "successful" | "unsuccessful";
  input: RecordObject;
  result: CodedRecord[];
}

/** §5.7 [DOC async]: response of the create-operation call. */
export interface BatchCodeCreateResponse {
  requestUploadUrl: string;
  operationId: string;
  bucketKmsKeyArn: string;
}

/** §6.5 [DOC-v1b/v2 glossary]: one output line of an async result file (v2 shape). */
export interface AsynchronousCodeResponseV2 {
  recordId: string | null;
  codeStatus: "successful" | "unsuccessful";
  input: RecordObject;
  result: CodedRecord | null;
  suggestions: CodedRecord[];
}

/** §6.5 [DOC glossary]: one output line of an async result file (v1 shape). */
export interface AsynchronousCodeResponseV1 {
  recordId: string;
  result?: CodedRecord;
  suggestions?: CodedRecord[];
}
