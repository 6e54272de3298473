import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { isDemoLoaded } from "#db/queries/settings.server";
import { getStaffUser } from "#app/auth/session.server";
import { canAccess } from "#app/auth/roles";
import { CsrfInput } from "#app/components/csrf-input";
import { errorDocumentTitle, StaffErrorPage } from "#app/components/error-page";
import { useNonce } from "#app/components/nonce";
import { useIsPublicPage } from "#app/components/public-page";
import { useEffect, useState } from "react";
import stylesheet from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Who is signed in, for the nav, and the session's CSRF token for <CsrfInput />. Candidates' pages work without. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getStaffUser(request, context.services);
  return json({
    user: user ? { name: user.name, email: user.email, role: user.role } : null,
    csrfToken: user?.csrfToken ?? null,
    // Staff only: a candidate's pages have nothing to do with the demo.
    demoLoaded: user ? await isDemoLoaded(context.services.db) : false,
  });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const publicPage = useIsPublicPage();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          {publicPage ? (
            <span className="brand">Attest</span>
          ) : (
            <>
              <Link to="/" className="brand">
                Attest
              </Link>
              <MainNav />
            </>
          )}
        </header>
        {publicPage ? null : <DemoBanner />}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** On every staff page while demo data is loaded: its accounts' password is on the sign-in page for anyone to read. */
function DemoBanner() {
  const data = useRouteLoaderData<typeof loader>("root");
  if (!data?.demoLoaded) return null;
  return (
    <p className="demo-banner" role="note">
      Demo data is loaded: the demo candidates are made up, and the demo staff accounts&apos; password is shown on the
      sign-in page. Remove it all with <code>npm run attest -- demo clear</code> before real use.
    </p>
  );
}

function MainNav() {
  // The layout also renders error pages, where the root loader may not have run.
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  if (!user) {
    return (
      <nav aria-label="Main">
        <NavLink to="/sign-in">Sign in</NavLink>
      </nav>
    );
  }
  return (
    <CollapsibleNav>
      <NavLink to="/search">Search candidates</NavLink>
      <NavLink to="/saved-searches">Saved searches</NavLink>
      <NavLink to="/shortlists">Shortlists</NavLink>
      <NavLink to="/wallet-requests">Ask a wallet</NavLink>
      {canAccess(user.role, "verifier") ? <NavLink to="/review">Review queue</NavLink> : null}
      {canAccess(user.role, "admin") ? (
        <>
          <NavLink to="/admin/registry">Trust registry</NavLink>
          <NavLink to="/admin/aliases">Skill aliases</NavLink>
          <NavLink to="/admin/users">Users</NavLink>
          <NavLink to="/admin/api-keys">API keys</NavLink>
          <NavLink to="/admin/audit">Audit trail</NavLink>
          <NavLink to="/admin/retention">Retention</NavLink>
          <NavLink to="/admin/mail">Outgoing mail</NavLink>
          <NavLink to="/admin/index-check">Search index</NavLink>
        </>
      ) : null}
      <NavLink to="/invitations">Invitations</NavLink>
      <NavLink to="/account" title={`${user.email} (${user.role})`}>
        {user.name}
      </NavLink>
      <Form method="post" action="/sign-out" className="inline-form">
        <CsrfInput />
        <button type="submit" className="small-button">
          Sign out
        </button>
      </Form>
    </CollapsibleNav>
  );
}

/**
 * The staff navigation: a row of links on a desktop; on a phone, a "Menu" button that opens them as a list
 * (closed again after each navigation). A React component rather than an inline script, which the
 * Content-Security-Policy would refuse.
 */
function CollapsibleNav({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.key]);
  return (
    <nav aria-label="Main" className={open ? "main-nav open" : "main-nav"}>
      <button
        type="button"
        className="menu-toggle secondary small-button"
        aria-expanded={open}
        aria-controls="main-nav-links"
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      <div id="main-nav-links" className="main-nav-links">
        {children}
      </div>
    </nav>
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
  return <StaffErrorPage error={useRouteError()} />;
}

// Error pages get a title of their own (a route's meta is not used once its loader failed).
export const meta: MetaFunction = ({ error }) => (error ? [{ title: errorDocumentTitle(error) }] : []);
