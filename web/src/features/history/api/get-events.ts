import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { EventListQuery, StoredEvent } from "@/types/api";

/** The raw event log (admins). */
export function getEvents(query: EventListQuery = {}, signal?: AbortSignal): Promise<StoredEvent[]> {
  return apiRequest<StoredEvent[]>("/api/events", { query: { ...query }, signal });
}

export function eventsQueryOptions(query: EventListQuery = {}) {
  return queryOptions({ queryKey: ["events", query], queryFn: ({ signal }) => getEvents(query, signal) });
}

export function useEvents(query: EventListQuery = {}) {
  return useQuery(eventsQueryOptions(query));
}
