// Books a room end to end through the JSON API, as the guest app does, typed by
// nothing but the types openapi-typescript generates from /openapi.json:
// bootstrap → search → property → draft → guest → hold → payment with the app's
// own returnUrl → the guest goes back and cancels that attempt → payment again
// → paid on the hosted page with a 3-D Secure card and its challenge approved →
// the browser comes back through the service to the app's URL → the draft and
// the confirmation. tests/app_client.rs compiles it with `tsc --strict` and runs
// it against a running service.
//
// Environment: BASE_URL (the service, e.g. http://127.0.0.1:8080; the API host,
// so the tenant goes in X-Tenant-Id), TENANT (e.g. aurora). The hosted payment
// page is wherever the draft's payment.redirectUrl points.

import { request as httpRequest } from "node:http";
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type Draft = components["schemas"]["DraftView"];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const baseUrl = env("BASE_URL");
const tenant = env("TENANT");

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
}

function log(step: string, detail: unknown): void {
  console.log(`${step}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
}

/** `YYYY-MM-DD`, `days` after today (UTC; docs/upstreams.md §7 picks +31 → +33). */
function day(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The app keeps the session cookie like a browser would. */
const cookies = new Map<string, string>();
const session: Middleware = {
  onRequest({ request }) {
    if (cookies.size > 0) {
      request.headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    return request;
  },
  onResponse({ response }) {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    return response;
  },
};

const api = createClient<paths>({
  baseUrl,
  headers: { accept: "application/json", "x-tenant-id": tenant, "accept-language": "en" },
});
api.use(session);

/**
 * What the browser the app opened for the payment page does with `url`: a GET
 * without the app's cookies, the host name resolved to this machine (like a
 * `*.localhost` name in a browser). Returns the status and the Location.
 */
function browserGet(url: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { lookup: (_host, _options, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]) },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The body of a successful answer, or an error naming the step. */
function ok<T>(what: string, r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data === undefined) {
    throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error)}`);
  }
  return r.data;
}

/** The draft and the version to send back as If-Match. */
function versioned(what: string, r: { data?: Draft; error?: unknown; response: Response }): [Draft, string] {
  const draft = ok(what, r);
  const etag = r.response.headers.get("etag");
  check(etag !== null && etag === `"${draft.version}"`, `${what}: ETag is the draft's version`);
  log(what, { state: draft.state, step: draft.step, actions: draft.allowedActions });
  return [draft, etag];
}

async function main(): Promise<void> {
  const checkin = day(31);
  const checkout = day(33);

  const bootstrap = ok("getBootstrap", await api.GET("/bootstrap"));
  check(bootstrap.tenant.id === tenant, "bootstrap names the tenant");
  const property = bootstrap.tenant.properties[0];
  check(property !== undefined, "the tenant has properties");
  log("getBootstrap", { tenant: bootstrap.tenant.name, property: property.id, locale: bootstrap.prefs.locale });

  const found = ok("search", await api.GET("/search", { params: { query: { checkin, checkout, adults: 2 } } }));
  const result = (found.results ?? []).find((r) => r.property.id === property.id);
  check(result !== undefined && result.availability === "available", "the property has rooms for the stay");
  log("search", { property: result.property.name, from: result.fromTotal?.display });

  const rooms = ok(
    "getProperty",
    await api.GET("/properties/{id}", {
      params: { path: { id: property.id }, query: { checkin, checkout, adults: 2 } },
    }),
  );
  const room = rooms.rooms.find((r) => r.unitsLeft > 0 && r.rates.length > 0);
  const rate = room?.rates[0];
  check(room !== undefined && rate !== undefined, "a room with a rate");
  log("getProperty", { room: room.name, rate: rate.name, total: rate.total.display });

  let [draft, etag] = versioned(
    "createDraft",
    await api.POST("/draft", {
      body: { property: property.id, room_type: room.id, rate_plan: rate.id, checkin, checkout, adults: 2 },
    }),
  );
  check(draft.state === "quoted", "a new draft is priced");
  const id = draft.id;
  const path = { id };

  [draft, etag] = versioned(
    "submitGuest",
    await api.POST("/draft/{id}/guest", {
      params: { path, header: { "If-Match": etag } },
      body: {
        first_name: "Grace",
        last_name: "Hopper",
        email: "grace@example.com",
        phone: "+1 212 555 0100",
        country: "US",
        arrival_time: "18:00",
        accept_terms: true,
      },
    }),
  );
  check(draft.state === "details", "the guest's details are taken");

  [draft, etag] = versioned(
    "holdDraft",
    await api.POST("/draft/{id}/hold", { params: { path, header: { "If-Match": etag } }, body: {} }),
  );
  check(draft.state === "held" && (draft.hold?.secondsLeft ?? 0) > 0, "the room is held");

  // The app passes its own return URL (one of the tenant's appReturnUrls).
  const returnUrl = "aurorabooking://booking/return";
  [draft, etag] = versioned(
    "startPayment",
    await api.POST("/draft/{id}/payment", { params: { path, header: { "If-Match": etag } }, body: { returnUrl } }),
  );
  check(draft.state === "payment_pending" && draft.payment, "a payment session is open");
  check(draft.allowedActions.includes("cancel_payment"), "the attempt can be given up");

  // The guest goes back from the payment page: the attempt is cancelled and
  // the room is still held.
  // The draft's links say what can be done, where, and with which If-Match.
  const cancel = draft.links.find((l) => l.rel === "cancel_payment");
  check(cancel?.method === "POST" && cancel.href === `/draft/${id}/payment/cancel`, "a link to cancel the attempt");
  check(cancel.ifMatch === etag, "the link carries the ETag to send");
  [draft, etag] = versioned(
    "cancelPayment",
    await api.POST("/draft/{id}/payment/cancel", { params: { path, header: { "If-Match": cancel.ifMatch } }, body: {} }),
  );
  check(draft.state === "held" && !draft.payment, "back on the hold after cancelling");

  [draft, etag] = versioned(
    "startPayment",
    await api.POST("/draft/{id}/payment", { params: { path, header: { "If-Match": etag } }, body: { returnUrl } }),
  );
  check(draft.state === "payment_pending" && draft.payment?.attempt === 2, "a second attempt is open");
  const sessionId = new URL(draft.payment.redirectUrl).pathname.split("/").pop() ?? "";
  log("startPayment", { redirectUrl: draft.payment.redirectUrl });

  // The guest pays on the hosted page with a 3-D Secure card: the bank asks
  // for a challenge, the guest approves it, and the page sends the browser back.
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual" as const,
  });
  const paid = await fetch(
    draft.payment.redirectUrl,
    form({ card_number: "4000 0000 0000 3220", name: "Grace Hopper", expiry: "12/30", cvc: "123" }),
  );
  const challengeAt = paid.headers.get("location") ?? "";
  check(paid.status === 303 && challengeAt.endsWith(`/pay/${sessionId}/challenge`), "the bank asks for a challenge");
  log("payWithSecureCard", { challenge: challengeAt });
  const challenged = await fetch(new URL(challengeAt, draft.payment.redirectUrl), form({ outcome: "approve" }));
  const redirect = challenged.headers.get("location") ?? "";
  check(challenged.status === 303 && redirect.includes(`session=${sessionId}`), "the approved challenge returns to us");
  log("approved", { gatewayReturn: redirect });

  // The payment page's browser comes back to the service, which settles the
  // payment and sends it on to the app.
  const back = await browserGet(redirect);
  const toApp = back.location ?? "";
  log("returnFromPayment", { status: back.status, location: toApp });
  check(back.status === 303 && toApp.startsWith(`${returnUrl}?`), "the browser is sent back to the app");
  const appParams = new URL(toApp).searchParams;
  check(appParams.get("draftId") === id && appParams.get("state") === "confirmed", "with the draft and its state");

  [draft] = versioned("getDraft", await api.GET("/draft/{id}", { params: { path } }));
  const reference = draft.bookingRef;
  check(draft.state === "confirmed" && reference, "the draft stays confirmed");

  const confirmation = ok(
    "getConfirmation",
    await api.GET("/confirmation/{reference}", { params: { path: { reference } } }),
  );
  check(confirmation.reference === reference && confirmation.guestName.includes("Hopper"), "the confirmation");
  log("getConfirmation", { reference, total: confirmation.totalDisplay });
  console.log(JSON.stringify({ booked: reference, draftId: id }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
