import type { Locator } from "@playwright/test";

/**
 * The text of an element with every <time> written as its machine-readable `datetime`. Dates show
 * relative to now ("3 minutes ago"), and on the server render as absolute: text compared before
 * and after a change must not depend on when it was read.
 */
export function textWithTimestamps(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const time of copy.querySelectorAll("time")) time.textContent = time.getAttribute("datetime") ?? time.textContent;
    // Laid out like the original (innerText of a detached copy would lose the line breaks).
    copy.style.position = "absolute";
    copy.style.left = "-10000px";
    document.body.append(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });
}
