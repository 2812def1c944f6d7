import { Link } from "react-router";

export function NotFound() {
  return (
    <main className="flex flex-1 flex-col items-center justify-center gap-2 p-10 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <Link to="/" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">
        Go to the board
      </Link>
    </main>
  );
}
