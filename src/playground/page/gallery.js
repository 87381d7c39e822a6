// Every card template rendered with its sample data, for reviewing a card change at a glance.
import { renderCard } from "./card.js";

const res = await fetch("/playground/api/gallery");
const { cards, people } = await res.json();
const root = document.getElementById("gallery");
for (const { name, card } of cards) {
  const box = document.createElement("section");
  box.dataset.template = name;
  const h = document.createElement("h3");
  h.textContent = name;
  box.append(h, renderCard(card, { people, onAction: () => {} }));
  root.append(box);
}
document.body.dataset.ready = "1";
