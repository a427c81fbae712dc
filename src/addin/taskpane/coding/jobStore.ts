/**
 * The running backend job, remembered in the workbook's settings so a closed (or crashed) task
 * pane resumes it when the workbook is opened again, and co-authors see it too.
 */
import type { WorkbookSettings } from "../../excel/settings";
import type { Topic } from "../../../shared/api";
import type { OutputField } from "./types";

export const JOB_SETTING = "absCoder.job";

export interface JobRecord {
  jobId: string;
  topic: Topic;
  sheetId: string;
  sheetName: string;
  titleColumn: number;
  tasksColumn?: number;
  outputColumn: number;
  fields: OutputField[];
  /** Records sent (cells with an Excel error are not part of the job). */
  total: number;
  /** Results fetched and written so far: a resumed pane pages on from here. */
  nextOffset: number;
  /** Rows the person agreed to overwrite at the start (resumed runs only fill empty rows). */
  overwrite: boolean;
  startedAt: string;
  selectionAddress: string;
}

export class JobStore {
  constructor(private readonly settings: WorkbookSettings) {}

  load(): JobRecord | undefined {
    const record = this.settings.get<JobRecord>(JOB_SETTING);
    return record && typeof record.jobId === "string" ? record : undefined;
  }

  save(record: JobRecord): Promise<void> {
    return this.settings.set(JOB_SETTING, record);
  }

  clear(): Promise<void> {
    return this.settings.remove(JOB_SETTING);
  }
}
