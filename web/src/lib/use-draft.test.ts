import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useDraft } from "@/lib/use-draft";

describe("useDraft", () => {
  it("follows the server until edited, then keeps the edit", () => {
    const { result, rerender } = renderHook(({ server }) => useDraft(server), { initialProps: { server: "a" } });
    rerender({ server: "b" });
    expect(result.current[0]).toBe("b");
    expect(result.current[2]).toBe(false);
    act(() => result.current[1]("mine"));
    rerender({ server: "c" });
    expect(result.current[0]).toBe("mine");
    expect(result.current[2]).toBe(true);
  });
});
