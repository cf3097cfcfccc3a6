// A browser without JavaScript, as far as forms go: a cookie jar, pages fetched with it,
// and their forms posted back as a browser posts them (multipart, with every hidden field
// the page served, which is how a server action is named), from an Origin of our choosing.
// No test runner is imported here: the browser tests read forms with it too.

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies by name and path, sent where a browser would send them. */
type CookieJar = Map<string, Cookie>;

function store(jar: CookieJar, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(";").map((part) => part.trim());
    const eq = pair!.indexOf("=");
    const cookie = {
      name: pair!.slice(0, eq),
      value: pair!.slice(eq + 1),
      path: attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? "/",
    };
    const key = `${cookie.name};${cookie.path}`;
    const expired = attributes.some(
      (a) =>
        /^max-age=(0|-)/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)) < new Date()),
    );
    if (expired || cookie.value === "") jar.delete(key);
    else jar.set(key, cookie);
  }
}

function cookieFor(jar: CookieJar, name: string, path: string): string | undefined {
  return [...jar.values()].find((c) => c.name === name && path.startsWith(c.path))?.value;
}

function cookieHeader(jar: CookieJar, path: string): Record<string, string> {
  const sent = [...jar.values()].filter((c) => path.startsWith(c.path));
  return sent.length ? { cookie: sent.map((c) => `${c.name}=${c.value}`).join("; ") } : {};
}

export interface Page {
  status: number;
  /** The path the page was finally served from, after redirects. */
  path: string;
  html: string;
}

async function openPage(jar: CookieJar, server: string, path: string): Promise<Page> {
  for (let hops = 0; hops < 5; hops++) {
    const url = new URL(path, server);
    const response = await fetch(url, {
      headers: cookieHeader(jar, url.pathname),
      redirect: "manual",
    });
    store(jar, response);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      path = next.pathname + next.search;
      continue;
    }
    return { status: response.status, path: url.pathname, html: await response.text() };
  }
  throw new Error(`Too many redirects from ${path}`);
}

export interface Form {
  /** Every named field with the value the page served it with. */
  fields: Record<string, string>;
  /** The names a person fills in (everything but the server action's own fields). */
  inputs: string[];
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag)?.[1];

/** The server-action forms in `html` (each names its action in hidden `$ACTION_…` fields). */
export function serverActionForms(html: string): Form[] {
  const forms = html.match(/<form\b[\s\S]*?<\/form>/gi) ?? [];
  return forms
    .map((form) => {
      const fields: Record<string, string> = {};
      for (const tag of form.match(/<input\b[^>]*>/gi) ?? []) {
        const name = attribute(tag, "name");
        if (name) fields[decode(name)] = decode(attribute(tag, "value") ?? "");
      }
      return { fields, inputs: Object.keys(fields).filter((n) => !n.startsWith("$ACTION")) };
    })
    .filter((form) => Object.keys(form.fields).some((n) => n.startsWith("$ACTION")));
}

/** The one server-action form on the page whose fields to fill in are exactly `inputs`. */
export function formWith(page: Page, inputs: string[]): Form {
  const forms = serverActionForms(page.html);
  const matching = forms.filter((f) => [...f.inputs].sort().join() === [...inputs].sort().join());
  if (matching.length !== 1)
    throw new Error(
      `${matching.length} forms on ${page.path} with inputs [${inputs}]; the page has ${JSON.stringify(forms.map((f) => f.inputs))}`,
    );
  return matching[0]!;
}

export interface Submitted {
  status: number;
  location: string | null;
  html: string;
}

async function submitForm(
  jar: CookieJar,
  server: string,
  page: Page,
  form: Form,
  values: Record<string, string>,
  origin: string,
): Promise<Submitted> {
  const body = new FormData();
  for (const [name, value] of Object.entries({ ...form.fields, ...values }))
    body.append(name, value);
  const response = await fetch(new URL(page.path, server), {
    method: "POST",
    headers: { ...cookieHeader(jar, page.path), origin },
    body,
    redirect: "manual",
  });
  store(jar, response);
  return {
    status: response.status,
    location: response.headers.get("location"),
    html: await response.text(),
  };
}

export interface FormBrowser {
  /** GETs `path` (or a full link) with the browser's cookies, following redirects. */
  open(path: string): Promise<Page>;
  /**
   * Posts `form` back to the page it came from, its fields overridden by `values`, with the
   * browser's cookies and the given Origin (a browser sends its page's origin with a POST).
   */
  submit(
    page: Page,
    form: Form,
    values: Record<string, string>,
    origin: string,
  ): Promise<Submitted>;
  /** The value of the cookie named `name` the browser would send to `path`, if any. */
  cookie(name: string, path?: string): string | undefined;
}

/** A browser of its own (its own cookies) for the site at `server`. */
export function formBrowser(server: string): FormBrowser {
  const jar: CookieJar = new Map();
  return {
    open: (path) => openPage(jar, server, path),
    submit: (page, form, values, origin) => submitForm(jar, server, page, form, values, origin),
    cookie: (name, path = "/") => cookieFor(jar, name, path),
  };
}
