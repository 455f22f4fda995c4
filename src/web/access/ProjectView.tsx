import { useState } from "react";
import Tabs, { Tab, TabList, TabPanel } from "@atlaskit/tabs";
import { token } from "@atlaskit/tokens";
import { ChangeTab } from "./ChangeTab";
import { HistoryTab } from "./HistoryTab";
import { Overview } from "./Overview";

/** One project: who has access (overview and drill-down), change access, and history. */
export const ProjectView = ({ projectKey, hasCredential }: { projectKey: string; hasCredential: boolean }) => {
  const [tab, setTab] = useState(0);
  const [overviewVersion, setOverviewVersion] = useState(0);
  return (
    <Tabs id="project-tabs" selected={tab} onChange={(index) => { setTab(index); }}>
      <TabList>
        <Tab>Who has access</Tab>
        <Tab>Change access</Tab>
        <Tab>History</Tab>
      </TabList>
      <TabPanel>
        <div style={{ width: "100%", paddingTop: token("space.200") }}>
          <Overview key={overviewVersion} projectKey={projectKey} />
        </div>
      </TabPanel>
      <TabPanel>
        <div style={{ width: "100%", paddingTop: token("space.200") }}>
          <ChangeTab projectKey={projectKey} hasCredential={hasCredential} onJobFinished={() => { setOverviewVersion((v) => v + 1); }} />
        </div>
      </TabPanel>
      <TabPanel>
        <div style={{ width: "100%", paddingTop: token("space.200") }}>
          <HistoryTab projectKey={projectKey} hasCredential={hasCredential} onJobFinished={() => { setOverviewVersion((v) => v + 1); }} />
        </div>
      </TabPanel>
    </Tabs>
  );
};
