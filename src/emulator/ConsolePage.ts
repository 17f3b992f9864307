/**
 * A self-contained human-agent console (`GET /console`): sign in as an engineer, toggle accepting chats, see
 * assigned and queued chats, read transcripts (internal notes included), reply, leave notes and close chats.
 * Plain HTML + JS; messages go through the control API, closing through the Agent Chat API with the agent's token.
 */
export const consolePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Agent console (emulator)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2733}#main{display:flex;gap:1rem}#chats{width:260px}
#chats li{cursor:pointer;padding:.3rem;border-radius:6px;list-style:none}#chats li.sel{background:#e8ecf3}
#log{border:1px solid #ccd;border-radius:8px;height:55vh;overflow-y:auto;padding:.75rem;flex:1;background:#fafbfc}
.m{margin:.3rem 0;white-space:pre-wrap}.agents{background:#fff6d6}.who{font-weight:600;margin-right:.4rem}
form{display:flex;gap:.5rem;margin:.5rem 0}input{padding:.4rem}#text{flex:1}
</style></head><body>
<h1>Agent console</h1>
<form id="login"><input id="agentId" placeholder="you@fitmate.example" required><input id="name" placeholder="Name"><input id="groups" placeholder="Groups (e.g. 1)" value="1"><button>Sign in</button></form>
<div id="session" hidden><span id="me"></span> <label><input type="checkbox" id="accepting" checked> accepting chats</label> <button id="logout">Sign out</button>
<div id="main"><ul id="chats"></ul><div style="flex:1"><div id="log"></div>
<form id="send"><input id="text" autocomplete="off" placeholder="Reply to the customer"><label><input type="checkbox" id="note"> internal note</label><button>Send</button></form>
<button id="close">Close chat</button> <span id="err"></span></div></div></div>
<script>
const $ = (id) => document.getElementById(id)
const call = async (path, body, token) => {
  const headers = { "content-type": "application/json" }
  if (token) headers.authorization = "Bearer " + token
  const r = await fetch(path, { method: "POST", headers, body: JSON.stringify(body || {}) })
  const json = await r.json()
  if (!r.ok) throw new Error(json.error ? json.error.type + ": " + json.error.message : r.statusText)
  return json
}
const control = (op, body) => call("/control/" + op, body)
let me = JSON.parse(sessionStorage.getItem("emulatorAgent") || "null")
let selected = null
const show = () => { $("login").hidden = !!me; $("session").hidden = !me; if (me) $("me").textContent = "Signed in as " + me.agentId }
$("login").onsubmit = async (e) => {
  e.preventDefault()
  const groups = $("groups").value.split(",").map((g) => parseInt(g, 10)).filter((g) => !isNaN(g))
  const input = { agentId: $("agentId").value, groups }
  if ($("name").value) input.name = $("name").value
  const { accessToken } = await control("agentLogin", input)
  me = { agentId: input.agentId, token: accessToken }; sessionStorage.setItem("emulatorAgent", JSON.stringify(me)); show(); poll()
}
$("logout").onclick = async () => { await control("agentLogout", { agentId: me.agentId }); me = null; sessionStorage.removeItem("emulatorAgent"); show() }
$("accepting").onchange = () => control("setAgentAccepting", { agentId: me.agentId, accepting: $("accepting").checked })
$("send").onsubmit = async (e) => {
  e.preventDefault(); if (!selected) return
  const text = $("text").value.trim(); if (!text) return
  $("text").value = ""
  try { await control("agentSendMessage", { agentId: me.agentId, chatId: selected, text, visibility: $("note").checked ? "agents" : "all" }); $("err").textContent = "" } catch (err) { $("err").textContent = err.message }
  poll()
}
$("close").onclick = async () => { try { await call("/v3.6/agent/action/deactivate_chat", { id: selected }, me.token) } catch (err) { $("err").textContent = err.message }; poll() }
const poll = async () => {
  if (!me) return
  const chats = (await control("chats")).filter((c) => c.activeThreadId && (c.userIds.includes(me.agentId) || c.queued))
  const list = $("chats"); list.replaceChildren()
  for (const c of chats) {
    const li = document.createElement("li"); li.textContent = c.chatId + (c.queued ? " (queued)" : "")
    if (c.chatId === selected) li.className = "sel"
    li.onclick = () => { selected = c.chatId; poll() }
    list.append(li)
  }
  if (!selected) return
  const events = await control("transcript", { chatId: selected, as: "agent" })
  const log = $("log"); log.replaceChildren()
  for (const e of events) {
    const div = document.createElement("div"); div.className = "m " + (e.visibility === "agents" ? "agents" : "")
    const who = document.createElement("span"); who.className = "who"; who.textContent = e.type === "system_message" ? "system" : (e.authorType === "customer" ? "customer" : e.authorId || "")
    const text = document.createElement("span"); text.textContent = e.text || (e.richMessage ? "[rich message]" : "[" + e.type + "]")
    div.append(who, text); log.append(div)
  }
  log.scrollTop = log.scrollHeight
}
show(); poll(); setInterval(poll, 1500)
</script></body></html>`
