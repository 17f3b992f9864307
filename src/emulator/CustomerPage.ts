/**
 * A self-contained customer page (`GET /`): start a chat, talk, click quick replies, end it, come back. Plain
 * HTML + JS over the control API, polling once a second.
 */
export const customerPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>FitMate support chat (emulator)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:640px;margin:2rem auto;padding:0 1rem;color:#1d2733}
#log{border:1px solid #ccd;border-radius:8px;height:55vh;overflow-y:auto;padding:.75rem;background:#fafbfc}
.m{margin:.35rem 0;padding:.45rem .7rem;border-radius:10px;max-width:80%;white-space:pre-wrap}
.customer{background:#2d6cdf;color:#fff;margin-left:auto}.agent,.bot{background:#e8ecf3}.system{color:#667;font-size:.85em;text-align:center;max-width:100%}
.who{font-size:.75em;opacity:.7}button{margin:.2rem}form{display:flex;gap:.5rem;margin-top:.5rem}input{flex:1;padding:.5rem}
#status{color:#667;font-size:.85em;min-height:1.2em}
</style></head><body>
<h1>FitMate support</h1>
<div id="start"><form id="startForm"><input id="name" placeholder="Your name"><input id="email" placeholder="E-mail (optional)"></form>
<form id="firstForm"><input id="first" placeholder="How can we help?" required><button>Start chat</button></form></div>
<div id="chat" hidden><div id="log"></div><div id="status"></div>
<form id="sendForm"><input id="text" placeholder="Type a message" autocomplete="off"><button>Send</button></form>
<button id="end">End chat</button><button id="again" hidden>Start a new conversation</button></div>
<script>
const $ = (id) => document.getElementById(id)
const control = async (op, body) => {
  const r = await fetch("/control/" + op, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body || {}) })
  const json = await r.json()
  if (!r.ok) throw new Error(json.error ? json.error.type + ": " + json.error.message : r.statusText)
  return json
}
let chatId = localStorage.getItem("emulatorChatId")
let seen = ""
const show = () => { $("start").hidden = !!chatId; $("chat").hidden = !chatId }
$("firstForm").onsubmit = async (e) => {
  e.preventDefault()
  const input = { text: $("first").value }
  if ($("name").value) input.customerName = $("name").value
  if ($("email").value) input.customerEmail = $("email").value
  const started = await control("startChat", input)
  chatId = started.chatId; localStorage.setItem("emulatorChatId", chatId); show(); poll()
}
$("sendForm").onsubmit = async (e) => {
  e.preventDefault()
  const text = $("text").value.trim(); if (!text) return
  $("text").value = ""
  try { await control("sendCustomerMessage", { chatId, text }) } catch (err) { $("status").textContent = err.message }
  poll()
}
$("end").onclick = async () => { try { await control("closeChat", { chatId }) } catch (err) { $("status").textContent = err.message }; poll() }
$("again").onclick = async () => { await control("startNewThread", { chatId }); poll() }
const render = (events) => {
  const log = $("log"); log.replaceChildren()
  for (const e of events) {
    const div = document.createElement("div")
    div.className = "m " + (e.type === "system_message" ? "system" : e.authorType || "system")
    if (e.authorType && e.authorType !== "customer") {
      const who = document.createElement("div"); who.className = "who"; who.textContent = e.authorType === "bot" ? "Assistant" : "Engineer"; div.append(who)
    }
    const body = document.createElement("div"); body.textContent = e.text || ""; div.append(body)
    for (const el of (e.richMessage && e.richMessage.elements) || []) {
      if (el.title) { const t = document.createElement("div"); t.textContent = el.title; div.append(t) }
      for (const b of el.buttons || []) {
        const btn = document.createElement("button"); btn.textContent = b.text
        btn.onclick = async () => { await control("sendCustomerMessage", { chatId, text: b.value || b.text, postback: { id: b.postback_id || b.text, eventId: e.eventId, value: b.value || b.text } }); poll() }
        div.append(btn)
      }
    }
    log.append(div)
  }
  log.scrollTop = log.scrollHeight
}
const poll = async () => {
  if (!chatId) return
  try {
    const [events, view, ind] = await Promise.all([control("transcript", { chatId, as: "customer" }), control("chat", { chatId }), control("indicator", { chatId })])
    const key = JSON.stringify(events.map((e) => e.eventId))
    if (key !== seen) { seen = key; render(events) }
    const active = !!view.activeThreadId
    $("sendForm").hidden = !active; $("end").hidden = !active; $("again").hidden = active
    $("status").textContent = !active ? "This conversation has ended." : ind.indicator ? (ind.indicator.kind === "thinking" ? "Thinking…" : "Typing…") : view.queued ? "Waiting for the next available engineer…" : ""
  } catch (err) { if (String(err.message).startsWith("not_found")) { localStorage.removeItem("emulatorChatId"); chatId = null; show() } }
}
show(); poll(); setInterval(poll, 1000)
</script></body></html>`
