// The mail sent when spend reaches a budget threshold. Plain text and HTML say the same.

import type { OutgoingEmail } from "../outbox";
import { escapeHtml } from "./html";

export type BudgetAlertFacts = { orgName: string; budgetOf: string; percent: number; month: string; spend: string; budget: string; link: string };

export function budgetAlertMail(to: string, facts: BudgetAlertFacts): OutgoingEmail {
  return {
    to,
    subject: `Budget alert: ${facts.budgetOf} reached ${facts.percent} % of its ${facts.month} budget`,
    text: `Spend for ${facts.budgetOf} in ${facts.orgName} has reached ${facts.percent} % of its monthly budget for ${facts.month}: ${facts.spend} of ${facts.budget}.\n\nSee the costs:\n\n${facts.link}\n`,
    html: `<p>Spend for ${escapeHtml(facts.budgetOf)} in ${escapeHtml(facts.orgName)} has reached ${facts.percent} % of its monthly budget for ${escapeHtml(facts.month)}: ${escapeHtml(facts.spend)} of ${escapeHtml(facts.budget)}.</p><p><a href="${facts.link}">See the costs</a></p>`,
  };
}
