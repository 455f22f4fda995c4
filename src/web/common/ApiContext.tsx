import { createContext, useContext } from "react";
import type { Api } from "../api/api";
import type { ApiClient } from "../api/client";

export interface AppServices { api: Api; client: ApiClient; settingsUrl: string | undefined }

export const ServicesContext = createContext<AppServices | null>(null);

/** The typed API and the shell's settings link, provided once by `mountPage`. */
export const useServices = (): AppServices => {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesContext");
  return services;
};

export const useApi = (): Api => useServices().api;
