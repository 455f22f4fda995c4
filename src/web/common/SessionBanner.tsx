import { useEffect, useState } from "react";
import Banner from "@atlaskit/banner";
import Button from "@atlaskit/button/new";
import type { ApiClient } from "../api/client";

/** After a 401 the session token is dead: say so at the top of the page and offer a reload. */
export const SessionBanner = ({ client }: { client: ApiClient }) => {
  const [expired, setExpired] = useState(client.sessionExpired);
  useEffect(() => client.onSessionExpired(() => { setExpired(true); }), [client]);
  if (!expired) return null;
  return (
    <Banner appearance="warning">
      Your session has expired. Reload the page to continue.{" "}
      <Button appearance="subtle" spacing="compact" onClick={() => { window.location.reload(); }}>Reload</Button>
    </Banner>
  );
};
