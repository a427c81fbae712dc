/**
 * The identity of a coding input on the add-in side: what makes two cells "the same text".
 * Case and spacing do not change a code, so "Brickie " and "brickie" share one request.
 */
import type { Topic } from "../../shared/api";

export interface CodingInput {
  topic: Topic;
  occp_text: string;
  tasks_text: string;
}

export function normaliseText(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

export function inputKey(input: CodingInput): string {
  return `${input.topic}\u0000${normaliseText(input.occp_text)}\u0000${normaliseText(input.tasks_text)}`;
}
