import { useState } from "react";
import { AsyncSelect } from "@atlaskit/select";
import SectionMessage from "@atlaskit/section-message";
import TextField from "@atlaskit/textfield";
import { ErrorMessage, HelperMessage, Label } from "@atlaskit/form";
import type { Principal } from "../../shared/api-contract";
import { asApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { errorWording } from "../common/error-wording";
import { stack } from "../common/layout";
import { isGroupSlug } from "./change-draft";

interface Option { label: string; value: string; principal: Principal }
interface Group { label: string; options: Option[] }

const optionOf = (p: Principal): Option => ({
  label: p.type === "group" ? `${p.name} (group ${p.slug})` : p.name,
  value: p.type === "user" ? `user:${p.id}` : `group:${p.slug}`,
  principal: p,
});

interface Props { id: string; label?: string; value: Principal | null; onChange: (p: Principal | null) => void; error?: string }

/**
 * Search workspace members and groups. When the group list cannot be read (Bitbucket's 1.0 groups API may fail),
 * it says so and lets the admin type a group slug instead: "no groups" would be a lie.
 */
export const PrincipalPicker = ({ id, label = "User or group", value, onChange, error }: Props) => {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  const [typedSlug, setTypedSlug] = useState(value?.type === "group" ? value.slug : "");

  const load = async (query: string): Promise<Group[]> => {
    try {
      const found = await api.searchPrincipals(query);
      setProblem(found.groupsUnavailable ? `Groups could not be read from Bitbucket: ${found.groupsUnavailable.reason}` : null);
      const users = found.values.filter((p) => p.type === "user").map(optionOf);
      const groups = found.values.filter((p) => p.type === "group").map(optionOf);
      return [{ label: "Groups", options: groups }, { label: "Users", options: users }].filter((g) => g.options.length > 0);
    } catch (e) {
      const wording = errorWording(asApiError(e), "search users and groups");
      setProblem(`${wording.title}. ${wording.body}`);
      return [];
    }
  };

  const selected = value ? optionOf(value) : null;
  const slugInvalid = typedSlug !== "" && !isGroupSlug(typedSlug);
  return (
    <div style={stack("space.100")}>
      <Label htmlFor={id}>{label}</Label>
      <AsyncSelect<Option>
        inputId={id}
        cacheOptions
        defaultOptions
        loadOptions={load}
        value={selected}
        onChange={(option) => { onChange(option ? option.principal : null); }}
        placeholder="Search by name"
        noOptionsMessage={({ inputValue }) => (inputValue ? `No user or group matches “${inputValue}”` : "Type to search")}
        isClearable
      />
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {problem && (
        <SectionMessage appearance="warning" title="Groups are not available to pick">
          <p>{problem} You can still type a group&apos;s slug below (as it appears in the group&apos;s URL).</p>
          <div style={{ ...stack("space.050"), maxWidth: "320px" }}>
            <Label htmlFor={`${id}-slug`}>Group slug</Label>
            <TextField
              id={`${id}-slug`}
              value={typedSlug}
              isInvalid={slugInvalid}
              onChange={(e) => {
                const slug = e.currentTarget.value.trim();
                setTypedSlug(slug);
                onChange(slug && isGroupSlug(slug) ? { type: "group", slug, name: slug } : null);
              }}
            />
            {slugInvalid ? <ErrorMessage>Slugs use lower-case letters, digits, “-” and “_”.</ErrorMessage>
              : <HelperMessage>For example developers or release-managers.</HelperMessage>}
          </div>
        </SectionMessage>
      )}
    </div>
  );
};
