import type { LinksFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import stylesheet from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <header className="site-header">
          <Link to="/" className="brand">
            Attest
          </Link>
          <nav aria-label="Main">
            <NavLink to="/search">Search candidates</NavLink>
            <NavLink to="/shortlists">Shortlists</NavLink>
            <NavLink to="/admin/aliases">Skill aliases</NavLink>
            <NavLink to="/submit">Submit a credential</NavLink>
          </nav>
        </header>
        <main>{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const navigation = useNavigation();
  return (
    <>
      <div className={navigation.state === "idle" ? "progress" : "progress active"} aria-hidden="true" />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : "Something went wrong";
  const detail = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : "The page could not be shown."
    : "An unexpected error happened; it has been logged. Try again, or go back to the search.";
  return (
    <section className="panel">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/search">Back to search</Link>
      </p>
    </section>
  );
}
