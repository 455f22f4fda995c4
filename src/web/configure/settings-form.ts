import { SETTINGS_LIMITS, type Settings } from "../../shared/api-contract";

/** The budget form's raw text fields. */
export interface SettingsText { hourlyCallBudget: string; concurrency: string }

export const settingsText = (s: Settings): SettingsText => ({ hourlyCallBudget: String(s.hourlyCallBudget), concurrency: String(s.concurrency) });

export const defaultSettings: Settings = {
  hourlyCallBudget: SETTINGS_LIMITS.hourlyCallBudget.default,
  concurrency: SETTINGS_LIMITS.concurrency.default,
};

const LABELS: Record<keyof Settings, string> = { hourlyCallBudget: "The hourly call budget", concurrency: "Concurrency" };

/** Whole numbers inside the ranges of `SETTINGS_LIMITS`, or an error per field. Accepts "1,000" and "1 000". */
export const parseSettings = (text: SettingsText): { settings: Settings } | { errors: Partial<Record<keyof Settings, string>> } => {
  const errors: Partial<Record<keyof Settings, string>> = {};
  const values: Partial<Settings> = {};
  for (const field of ["hourlyCallBudget", "concurrency"] as const) {
    const { min, max } = SETTINGS_LIMITS[field];
    const raw = text[field].replace(/[,\s]/g, "");
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(value) || value < min || value > max) {
      errors[field] = `${LABELS[field]} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`;
    } else {
      values[field] = value;
    }
  }
  if (values.hourlyCallBudget === undefined || values.concurrency === undefined) return { errors };
  return { settings: { hourlyCallBudget: values.hourlyCallBudget, concurrency: values.concurrency } };
};

/** What an hourly budget means in practice: the call rate, and the least time 1,000 repository changes take. */
export const budgetMeaning = (hourlyCallBudget: number): string => {
  const perMinute = hourlyCallBudget / 60;
  const rate = perMinute >= 1 ? `about ${Math.floor(perMinute).toLocaleString("en-US")} calls a minute` : `one call every ${Math.ceil(60 / hourlyCallBudget)} minutes`;
  const minutesFor1000 = Math.ceil((1000 * 60) / hourlyCallBudget);
  return `That is ${rate}: changing 1,000 repositories takes at least ${minutesFor1000.toLocaleString("en-US")} minutes.`;
};
