/**
 * Jinja2's `lipsum(n=5, html=True, min=20, max=100)` global: paragraphs of lorem ipsum, built as
 * jinja2.utils.generate_lorem_ipsum builds them, drawing from the render's seeded generator
 * (seed.ts) instead of Python's: the same shape of text, other words (the documented deviation).
 */
import { TemplateRenderError } from "./errors.js";
import type { Budget } from "./limits.js";
import { escapeHtml, Markup } from "./values.js";

const WORDS = (
  "a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum " +
  "blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum " +
  "curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget " +
  "eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus " +
  "felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis " +
  "id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula " +
  "litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie " +
  "mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla " +
  "nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat " +
  "platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis " +
  "quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit " +
  "sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt " +
  "torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit " +
  "venenatis vestibulum vitae vivamus viverra volutpat vulputate "
)
  .trim()
  .split(" ");

export interface LipsumOptions {
  n: number;
  html: boolean;
  min: number;
  max: number;
}

export function lipsum(opts: LipsumOptions, random: () => number, budget: Budget): string | Markup {
  /** Python's random.randrange(a, b). */
  const randrange = (a: number, b: number): number => {
    if (b <= a) throw new TemplateRenderError(`empty range for randrange() (${a}, ${b}, ${b - a})`);
    return a + Math.floor(random() * (b - a));
  };
  const paragraphs: string[] = [];
  for (let i = 0; i < opts.n; i++) {
    budget.work(1);
    budget.alloc(1);
    let nextCapitalized = true;
    let lastComma = 0;
    let lastFullstop = 0;
    let last: string | null = null;
    const words: string[] = [];
    const count = randrange(opts.min, opts.max);
    budget.alloc(count * 8);
    for (let idx = 0; idx < count; idx++) {
      budget.work(1);
      let word: string;
      do word = WORDS[Math.floor(random() * WORDS.length)]!;
      while (word === last);
      last = word;
      if (nextCapitalized) {
        word = word[0]!.toUpperCase() + word.slice(1);
        nextCapitalized = false;
      }
      if (idx - randrange(3, 8) > lastComma) {
        lastComma = idx;
        lastFullstop += 2;
        word += ",";
      }
      if (idx - randrange(10, 20) > lastFullstop) {
        lastComma = lastFullstop = idx;
        word += ".";
        nextCapitalized = true;
      }
      words.push(word);
    }
    let p = words.join(" ");
    if (p.endsWith(",")) p = `${p.slice(0, -1)}.`;
    else if (!p.endsWith(".")) p += ".";
    paragraphs.push(p);
  }
  if (!opts.html) return paragraphs.join("\n\n");
  return new Markup(paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n"));
}
