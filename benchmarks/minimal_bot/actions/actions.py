from rasa_sdk import Action


class ActionReply(Action):
    def name(self):
        return "action_reply"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="收到：" + (tracker.latest_message.get("text") or ""))
        return []
