import type { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { AppProviders } from "@/app/providers";
import { AppRoutes } from "@/app/app-routes";
import { createQueryClient } from "@/lib/query-client";
import { sessionStore } from "@/lib/session-store";

export function testQueryClient(): QueryClient {
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false, staleTime: Infinity, refetchOnWindowFocus: false },
    mutations: { retry: false },
  });
  return client;
}

export function signInAs(token = "test-token"): void {
  sessionStore.signIn(token);
}

export function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/** The whole app (routes and providers) at `path`. */
export function renderApp(path: string, client: QueryClient = testQueryClient()) {
  const utils = render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders client={client}>
        <AppRoutes />
        <LocationProbe />
      </AppProviders>
    </MemoryRouter>,
  );
  return { ...utils, client };
}

/** One component inside the providers, with a router at `path`. */
export function renderWithProviders(ui: ReactElement, { path = "/", client = testQueryClient() } = {}) {
  const utils = render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders client={client}>
        <Routes>
          <Route path="*" element={ui} />
        </Routes>
        <LocationProbe />
      </AppProviders>
    </MemoryRouter>,
  );
  return { ...utils, client };
}
