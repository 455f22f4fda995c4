import { useEffect, useState } from "react";
import Button from "@atlaskit/button/new";
import SectionMessage from "@atlaskit/section-message";
import TextField from "@atlaskit/textfield";
import { ErrorMessage, HelperMessage, Label } from "@atlaskit/form";
import { SETTINGS_LIMITS, type Settings } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { inline, panel, stack } from "../common/layout";
import { Loading } from "../common/Loading";
import { useLoad } from "../common/use-load";
import { budgetMeaning, defaultSettings, parseSettings, settingsText, type SettingsText } from "./settings-form";

const { hourlyCallBudget: budgetLimits, concurrency: concurrencyLimits } = SETTINGS_LIMITS;

/** The hourly call budget and the concurrency of jobs, with their defaults, ranges and what they mean. */
export const BudgetSection = () => {
  const api = useApi();
  const settings = useLoad(() => api.getSettings(), "settings");
  const [text, setText] = useState<SettingsText>(settingsText(defaultSettings));
  const [errors, setErrors] = useState<Partial<Record<keyof Settings, string>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const loaded = settings.status === "ready" ? settings.data : undefined;
  useEffect(() => { if (loaded) setText(settingsText(loaded)); }, [loaded]);

  const save = async (): Promise<void> => {
    const parsed = parseSettings(text);
    setSaved(false);
    if ("errors" in parsed) { setErrors(parsed.errors); return; }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      setText(settingsText(await api.putSettings(parsed.settings)));
      setSaved(true);
    } catch (e) {
      const error = asApiError(e);
      setFailure(error);
      setErrors(error.fieldErrors);
    } finally {
      setBusy(false);
    }
  };

  const budgetValue = parseSettings({ ...text, concurrency: "1" });
  return (
    <section style={{ ...panel, ...stack("space.200"), maxWidth: "760px" }} aria-labelledby="budget-heading">
      <h2 id="budget-heading">Call budget and speed</h2>
      {settings.status === "loading" && <Loading what="the settings" />}
      {settings.status === "error" && <ErrorNotice error={settings.error} doing="read the settings" onRetry={settings.reload} />}
      {settings.status === "ready" && (
        <form style={stack("space.200")} onSubmit={(e) => { e.preventDefault(); void save(); }} aria-label="Call budget and concurrency">
          <div style={{ ...stack("space.050"), maxWidth: "520px" }}>
            <Label htmlFor="hourly-call-budget">Calls to Bitbucket per hour</Label>
            <TextField id="hourly-call-budget" inputMode="numeric" value={text.hourlyCallBudget} isInvalid={Boolean(errors.hourlyCallBudget)}
              onChange={(e) => { setText({ ...text, hourlyCallBudget: e.currentTarget.value }); }} />
            {errors.hourlyCallBudget ? <ErrorMessage>{errors.hourlyCallBudget}</ErrorMessage> : (
              <HelperMessage>
                {`Default ${budgetLimits.default}, from ${budgetLimits.min} to ${budgetLimits.max.toLocaleString("en-US")}. Bitbucket counts calls per account per hour; the app stays under this number for the write credential, across all its jobs. `}
                {"settings" in budgetValue ? budgetMeaning(budgetValue.settings.hourlyCallBudget) : ""}
              </HelperMessage>
            )}
          </div>
          <div style={{ ...stack("space.050"), maxWidth: "520px" }}>
            <Label htmlFor="concurrency">Calls at the same time</Label>
            <TextField id="concurrency" inputMode="numeric" value={text.concurrency} isInvalid={Boolean(errors.concurrency)}
              onChange={(e) => { setText({ ...text, concurrency: e.currentTarget.value }); }} />
            {errors.concurrency ? <ErrorMessage>{errors.concurrency}</ErrorMessage> : (
              <HelperMessage>{`Default ${concurrencyLimits.default}, from ${concurrencyLimits.min} to ${concurrencyLimits.max}. More makes a job finish sooner when the budget allows it; the hourly budget still caps the total.`}</HelperMessage>
            )}
          </div>
          {failure && <ErrorNotice error={failure} doing="save the settings" />}
          {saved && <SectionMessage appearance="success" title="Settings saved"><p>Running and future jobs use the new numbers.</p></SectionMessage>}
          <div style={inline("space.100")}>
            <Button type="submit" appearance="primary" isLoading={busy}>Save</Button>
            <Button onClick={() => { setText(settingsText(defaultSettings)); setErrors({}); }}>Use the defaults</Button>
          </div>
        </form>
      )}
    </section>
  );
};
