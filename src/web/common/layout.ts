import type { CSSProperties } from "react";
import { token } from "@atlaskit/tokens";

/** Layout styles built from design tokens, used as `style` props. */
export const stack = (space: "space.050" | "space.100" | "space.150" | "space.200" | "space.300" = "space.200"): CSSProperties => ({
  display: "flex", flexDirection: "column", gap: token(space),
});

export const inline = (space: "space.050" | "space.100" | "space.200" = "space.100"): CSSProperties => ({
  display: "flex", flexDirection: "row", flexWrap: "wrap", alignItems: "center", gap: token(space),
});

export const page: CSSProperties = {
  padding: token("space.300"), maxWidth: "1200px", display: "flex", flexDirection: "column", gap: token("space.300"),
};

export const subtle: CSSProperties = { color: token("color.text.subtle"), font: token("font.body.small") };

export const panel: CSSProperties = {
  border: `${token("border.width")} solid ${token("color.border")}`,
  borderRadius: token("radius.medium", "6px"),
  padding: token("space.200"),
  background: token("elevation.surface"),
};
