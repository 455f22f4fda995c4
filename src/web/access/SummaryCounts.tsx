import { token } from "@atlaskit/tokens";
import type { PlanSummary } from "../../shared/api-contract";
import { inline } from "../common/layout";

const box = {
  minWidth: "120px",
  padding: token("space.150"),
  borderRadius: token("radius.medium", "6px"),
  background: token("color.background.neutral"),
};

/** Four figures side by side: grant, change, revoke, no change. */
export const SummaryCounts = ({ summary }: { summary: PlanSummary }) => {
  const figures: [string, number][] = [["Grant", summary.grant], ["Change", summary.change], ["Revoke", summary.revoke], ["No change", summary.noop]];
  return (
    <dl style={{ ...inline("space.200"), margin: 0, padding: 0 }} aria-label="Plan summary">
      {figures.map(([label, value]) => (
        <div key={label} style={box}>
          <dt style={{ font: token("font.body.small"), color: token("color.text.subtle") }}>{label}</dt>
          <dd style={{ margin: 0, font: token("font.heading.large") }} data-testid={`summary-${label.toLowerCase().replace(" ", "-")}`}>
            {value.toLocaleString("en-US")}
          </dd>
        </div>
      ))}
    </dl>
  );
};
