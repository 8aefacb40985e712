import { h } from "../dom.js";
import { OUTCOMES } from "../lib/reminders-ask.js";
import { recordProblem } from "../problems.js";
import { remindersPossible, subscribe } from "./notifications.js";

const askedKey = (/** @type {number} */ userId) => `carefolio.reminders-asked.u${userId}`;

/**
 * After the first sign-in (never on page load), home asks once whether the person wants
 * reminders: what they are for, what they never show, and every answer ends in a sentence
 * (on; blocked, with how to unblock; not possible here, and why; on iPhone, add to the Home
 * Screen first). The choice can be changed later under Notifications.
 * @param {any} ctx
 */
export function remindersCard(ctx) {
  const key = askedKey(ctx.me.user_id);
  if (localStorage.getItem(key)) return null;
  const possible = remindersPossible();
  const said = h("p", { role: "status", id: "reminders-said" });
  const done = () => localStorage.setItem(key, String(Date.now()));
  const section = h("section", { class: "card", "aria-labelledby": "reminders-ask" },
    h("h2", { id: "reminders-ask" }, "Reminders"),
    h("p", {}, "Carefolio can remind you when a progress review is due, when feedback on your evidence is ready, or when evidence waits for you to assess it."),
    h("p", { class: "muted" }, "Reminders never show the names of the people you support or anything about them: open the app to see the details."));
  if (possible !== "ask") {
    done();
    section.append(h("p", {}, OUTCOMES[possible]));
    return section;
  }
  const on = h("button", { type: "button", class: "wide" }, "Turn on reminders");
  const later = h("button", { type: "button", class: "secondary wide" }, "Not now");
  on.addEventListener("click", async () => {
    on.disabled = true;
    later.remove();
    said.textContent = "Asking this browser…";
    try {
      said.textContent = OUTCOMES[await subscribe(null)];
    } catch (e) {
      said.textContent = `Reminders could not be turned on: ${recordProblem(e, "#/ reminders")}. Try again under Notifications.`;
    }
    done();
    on.remove();
  });
  later.addEventListener("click", () => {
    done();
    said.textContent = OUTCOMES.dismissed;
    on.remove();
    later.remove();
  });
  section.append(on, later, said);
  return section;
}
