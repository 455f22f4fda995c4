import { hostSettingsOpener, SETTINGS_MODULE_KEY } from "./host-navigator";

test("When the host script has a navigator, then the opener asks it for the Settings module", () => {
  const go = jest.fn();
  const open = hostSettingsOpener({ AP: { navigator: { go } } } as unknown as Window);
  open?.();
  expect(go).toHaveBeenCalledWith("addonmodule", { moduleKey: SETTINGS_MODULE_KEY });
});

test("When the host script has no navigator (or there is no host script), then there is no opener", () => {
  expect(hostSettingsOpener({} as Window)).toBeUndefined();
  expect(hostSettingsOpener({ AP: {} } as unknown as Window)).toBeUndefined();
});
