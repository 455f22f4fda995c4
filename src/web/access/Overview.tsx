import { useEffect, useMemo, useRef, useState } from "react";
import Button from "@atlaskit/button/new";
import SectionMessage from "@atlaskit/section-message";
import TextField from "@atlaskit/textfield";
import { Label } from "@atlaskit/form";
import type { Principal, PrincipalAccess, ProjectAccessResponse } from "../../shared/api-contract";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { count, formatAge } from "../common/format";
import { inline, stack, subtle } from "../common/layout";
import { Loading } from "../common/Loading";
import { ReadingNotice, readProgressText } from "../common/ReadingNotice";
import { filterRows } from "../common/table-model";
import { isReading, useAccessLoad } from "../common/use-access";
import { OverviewTable } from "./OverviewTable";
import { PrincipalDetail } from "./PrincipalDetail";

const NONE: readonly PrincipalAccess[] = [];

/** Who has access to the project: the principals table, the snapshot's age with a refresh, and a drill-down. */
export const Overview = ({ projectKey }: { projectKey: string }) => {
  const api = useApi();
  const refreshNext = useRef(false);
  const access = useAccessLoad(() => {
    const refresh = refreshNext.current;
    refreshNext.current = false;
    return api.getAccess(projectKey, refresh);
  }, projectKey);
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<Principal | null>(null);
  const principals = access.status === "ready" && !isReading(access.data) ? access.data.principals : NONE;
  const rows = useMemo(
    () => filterRows(principals, (p) => `${p.principal.name} ${p.principal.type === "group" ? p.principal.slug : ""}`, filter),
    [principals, filter],
  );

  if (selected) return <PrincipalDetail projectKey={projectKey} principal={selected} onBack={() => { setSelected(null); }} />;
  if (access.status === "loading") return <Loading what="who has access" />;
  if (access.status === "error") return <ErrorNotice error={access.error} doing="read the project's access" onRetry={access.reload} />;
  if (isReading(access.data)) return <ReadingNotice what={`project ${projectKey}`} progress={access.data.progress} />;

  const data = access.data;
  return (
    <section style={stack("space.200")} aria-labelledby="overview-heading">
      <h2 id="overview-heading">Who has access to {data.project.name}</h2>
      <div style={inline("space.200")}>
        <SnapshotAge asOf={data.asOf} repositories={data.repositories.length} />
        {data.refreshing
          ? <span style={subtle} aria-live="polite">Refreshing from Bitbucket: {readProgressText(data.refreshing)}</span>
          : <Button isLoading={access.reloading} onClick={() => { refreshNext.current = true; access.reload(); }}>Refresh from Bitbucket</Button>}
      </div>
      {data.groupsUnavailable && (
        <SectionMessage appearance="warning" title="Group memberships could not be read">
          <p>
            Access that users get through groups is unknown, not absent: {data.groupsUnavailable.reason} Group grants are still
            listed; refresh later to see what their members get.
          </p>
        </SectionMessage>
      )}
      <div style={{ ...stack("space.050"), maxWidth: "360px" }}>
        <Label htmlFor="principal-filter">Filter by name</Label>
        <TextField id="principal-filter" value={filter} onChange={(e) => { setFilter(e.currentTarget.value); }} placeholder="User or group name" />
      </div>
      <OverviewTable rows={rows} onOpen={setSelected} filtered={filter.trim() !== ""} />
    </section>
  );
};

/** "Read from Bitbucket 5 minutes ago · 300 repositories", updated every half minute. */
const SnapshotAge = ({ asOf, repositories }: Pick<ProjectAccessResponse, "asOf"> & { repositories: number }) => {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => { setNow(Date.now()); }, 30_000);
    return () => { clearInterval(timer); };
  }, []);
  return (
    <span style={subtle} title={asOf}>
      Read from Bitbucket {formatAge(asOf, now)} · {count(repositories, "repository", "repositories")}
    </span>
  );
};
