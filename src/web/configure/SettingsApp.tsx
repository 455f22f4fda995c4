import { page } from "../common/layout";
import { BudgetSection } from "./BudgetSection";
import { CredentialSection } from "./CredentialSection";

/** The workspace's settings for the app: the write credential, and the call budget and concurrency. */
export const SettingsApp = () => (
  <main style={page}>
    <h1>Project access settings</h1>
    <CredentialSection />
    <BudgetSection />
  </main>
);
