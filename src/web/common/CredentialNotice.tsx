import SectionMessage, { SectionMessageAction } from "@atlaskit/section-message";
import { useServices } from "./ApiContext";
import { hostSettingsOpener } from "./host-navigator";

/** Shown when no write credential is configured: why one is needed, and where to add it. */
export const CredentialNotice = () => {
  const { settingsUrl } = useServices();
  // Without a settings link from the shell, the host script's navigator (where there is one) opens the Settings page.
  const openInHost = settingsUrl ? undefined : hostSettingsOpener();
  const actions = settingsUrl
    ? [<SectionMessageAction key="settings" href={settingsUrl} target="_top">Open Settings</SectionMessageAction>]
    : openInHost ? [<SectionMessageAction key="settings" onClick={openInHost}>Open Settings</SectionMessageAction>] : [];
  return (
    <SectionMessage
      appearance="warning"
      title="Add a write credential to apply changes"
      actions={actions}
    >
      <p>
        Bitbucket does not let apps change permissions with their own identity, so changes are made with the API token of a
        workspace administrator. You can still look at access and preview changes; to apply them, a workspace admin adds an
        email and API token on this app&apos;s Settings page
        {settingsUrl || openInHost ? "." : " (Workspace settings → Apps → Project access settings)."}
      </p>
    </SectionMessage>
  );
};
