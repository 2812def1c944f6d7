import { useState } from "react";
import { BrowserRouter } from "react-router";
import { AppProviders } from "@/app/providers";
import { AppRoutes } from "@/app/app-routes";
import { createQueryClient } from "@/lib/query-client";

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <BrowserRouter>
      <AppProviders client={client}>
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  );
}
