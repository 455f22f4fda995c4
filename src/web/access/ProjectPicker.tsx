import Select from "@atlaskit/select";
import { Label } from "@atlaskit/form";
import type { Project } from "../../shared/api-contract";
import { stack } from "../common/layout";

interface Option { label: string; value: string }

/** A searchable project picker (type a key or a name). */
export const ProjectPicker = ({ projects, value, onChange }: { projects: Project[]; value: string | undefined; onChange: (key: string) => void }) => {
  if (projects.length === 0) {
    return <p>This workspace has no projects yet. Create a project in Bitbucket, then come back to manage its access.</p>;
  }
  const options: Option[] = projects.map((p) => ({ label: `${p.name} (${p.key})`, value: p.key }));
  const selected = options.find((o) => o.value === value) ?? null;
  return (
    <div style={{ ...stack("space.100"), maxWidth: "480px" }}>
      <Label htmlFor="project-picker">Project</Label>
      <Select<Option>
        inputId="project-picker"
        options={options}
        value={selected}
        onChange={(option) => { if (option) onChange(option.value); }}
        placeholder="Search projects by name or key"
        noOptionsMessage={() => "No project matches"}
      />
    </div>
  );
};
