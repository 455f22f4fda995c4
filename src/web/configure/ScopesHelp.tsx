/** Which API token scopes to give; Atlassian has not documented which scopes pass the permission endpoints' checks. */
export const ScopesHelp = () => (
  <details>
    <summary>Which API token to create</summary>
    <p>
      Create an API token with scopes at id.atlassian.com → Security → API tokens, signed in as a workspace administrator,
      and choose Bitbucket. These scopes are what we expect the permission changes to need; Atlassian has not confirmed the
      exact list, so if Bitbucket refuses a change, the job shows Bitbucket&apos;s reason:
    </p>
    <ul>
      <li><code>write:permission:bitbucket</code> and <code>delete:permission:bitbucket</code>, to grant and remove access;</li>
      <li><code>admin:project:bitbucket</code> and <code>admin:repository:bitbucket</code>, to change project and repository permissions;</li>
      <li>read scopes such as <code>read:project:bitbucket</code>, <code>read:repository:bitbucket</code>, <code>read:workspace:bitbucket</code>, <code>read:user:bitbucket</code> and <code>read:permission:bitbucket</code>, to check the account and read access.</li>
    </ul>
  </details>
);
