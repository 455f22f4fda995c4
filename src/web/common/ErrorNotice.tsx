import SectionMessage, { SectionMessageAction } from "@atlaskit/section-message";
import type { ApiError } from "../api/errors";
import { CredentialNotice } from "./CredentialNotice";
import { errorWording } from "./error-wording";

interface Props { error: ApiError; doing: string; onRetry?: () => void }

/** A failed call as a section message that says what happened and what happens next. */
export const ErrorNotice = ({ error, doing, onRetry }: Props) => {
  if (error.kind === "credential-required") return <CredentialNotice />;
  const { title, body, appearance } = errorWording(error, doing);
  const canRetry = onRetry && error.kind !== "session-expired" && error.kind !== "not-admin";
  return (
    <SectionMessage
      appearance={appearance}
      title={title}
      actions={canRetry ? [<SectionMessageAction key="retry" onClick={onRetry}>Try again</SectionMessageAction>] : []}
    >
      <p>{body}</p>
    </SectionMessage>
  );
};
