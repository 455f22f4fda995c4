import Lozenge from "@atlaskit/lozenge";
import type { Level } from "../../shared/api-contract";
import { LEVEL_LABELS, levelAppearance } from "./levels";

export const LevelLozenge = ({ level }: { level: Level }) => (
  <Lozenge appearance={levelAppearance(level)}>{LEVEL_LABELS[level]}</Lozenge>
);
