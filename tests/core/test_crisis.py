"""Crisis first: the phrases (typos, gaps, combinations) on their own, the learned model, the grades and the
numbers each kind leads to.

Engines built here with other margins test the rules themselves, so the crisis gate (which weighs the rules' reading
with the detector's signals, tests/core/test_crisis_gate.py) is off in them; the shipped `engine` has it on."""

from __future__ import annotations

import pytest

from bot.core.crisis import CrisisDetector
from bot.core.engine import Incoming
from bot.core.reply import Phones, Text
from bot.core.state import ChatState


@pytest.fixture(scope="module")
def phrases_only(kb, engine) -> CrisisDetector:
    """The detector without its learned models: what the phrases and combinations of crisis.yaml catch."""
    return CrisisDetector(kb.crisis, engine.normalize.phrase)


def _kinds(detector: CrisisDetector, engine, text: str) -> tuple[str, ...]:
    signal = detector.check(engine.normalize(text).tokens)
    return signal.kinds if signal and signal.certain else ()


@pytest.mark.parametrize(
    "text",
    [
        "je veux mourrir",  # one typo in a long word
        "ich will sterbn",
        "i want to dye",  # short words must be exact: no typo there
        "ech well net mei liewe",
        "quero morer",
    ],
)
def test_phrases_tolerate_one_typo_in_words_of_five_letters_or_more(phrases_only, engine, text):
    expected = () if text == "i want to dye" else ("self",)
    assert _kinds(phrases_only, engine, text)[:1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "je veux vraiment tellement mourir",  # two words between the phrase's words
        "ich will einfach nur sterben",
        "i really just want to die",
        "ech wëll wierklech net méi liewen",
        "eu quero mesmo morrer",
    ],
)
def test_phrases_allow_two_other_words_between_their_words(phrases_only, engine, text):
    assert "self" in _kinds(phrases_only, engine, text)


def test_three_words_between_are_too_many(phrases_only, engine):
    assert _kinds(phrases_only, engine, "je veux vraiment tellement beaucoup mourir") == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i have pills and there is no point", "self"),
        ("j'ai les cachets, plus aucun sens", "self"),
        ("ech hunn d'Tabletten, et huet kee Sënn", "self"),
        ("tenho os comprimidos prontos em cima da mesa", "self"),
        ("Tabletten sind da, alles hat keinen Sinn", "self"),
        # no reason or no point, and going on living: the wish said without a word of death
        ("I want to give up on life", "self"),
        ("honestly no point going on anymore", "self"),
        ("ich sehe keinen Sinn mehr weiterzumachen", "self"),
        ("je vois aucune raison de continuer à vivre", "self"),
        ("nenhuma razão para seguir em frente", "self"),
        # a child or relative, and a person gone: a missing child
        ("notre neveu de 9 ans a disparu depuis ce matin au parc", "missing_child"),
        ("my little sister (7) went missing at the fair an hour ago", "missing_child"),
        ("mäi Brudder ass 12 an ass zanter gëschter verschwonnen", "missing_child"),
        ("unsere Enkelin ist seit heute Mittag vermisst", "missing_child"),
        ("a minha sobrinha de 10 anos sumiu na estação", "missing_child"),
    ],
)
def test_two_groups_of_a_combination_make_a_crisis_however_the_sentence_goes(phrases_only, engine, text, kind):
    assert kind in _kinds(phrases_only, engine, text)


@pytest.mark.parametrize(
    "text", ["my son keeps missing school, any help?", "ma fille a perdu son téléphone au parc", "mon fils a 9 ans"]
)
def test_a_child_without_anyone_gone_is_no_missing_child(phrases_only, engine, text):
    assert "missing_child" not in _kinds(phrases_only, engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "j'ai oublié mes cachets pour la tension",
        "giving up on my studies, can I change course?",
        "keep going, you are doing great",
        "ma vie est finie mdr, je cherche du taf",
    ],
)
def test_one_group_of_a_combination_alone_is_no_crisis(phrases_only, engine, text):
    assert _kinds(phrases_only, engine, text) == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("la cuisine est pleine de fumee, il y a de la fumée partout", "fire"),
        ("bei eis am Keller brennt et grad", "fire"),
        ("es riecht nach Gas im ganzen Treppenhaus", "fire"),
        ("my neighbours flat is on fire", "fire"),
        ("o prédio está a arder", "fire"),
        ("mon copain respire plus", "medical"),
        ("meng Bomi ass zesummegebrach an otemt net", "medical"),
        ("das Baby wacht nicht auf", "medical"),
        ("my friend passed out and is not breathing", "medical"),
        ("a minha filha desmaiou e não acorda", "medical"),
    ],
)
def test_fire_and_medical_emergencies_are_phrases_in_five_languages(phrases_only, engine, text, kind):
    assert kind in _kinds(phrases_only, engine, text)


def test_a_figure_of_speech_about_fire_is_no_phrase(phrases_only, engine):
    assert _kinds(phrases_only, engine, "y a le feu au lac ou quoi ? j'attends une réponse depuis 3 jours") == ()


def test_figures_of_speech_are_taken_out_before_the_phrases(phrases_only, engine):
    assert _kinds(phrases_only, engine, "je suis mort de rire") == ()


def ask(engine, text: str, state: ChatState | None = None):
    return engine.answer(Incoming(text=text), state)


def numbers(reply) -> list[str]:
    return [line.number for block in reply.blocks if isinstance(block, Phones) for line in block.lines]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("mon bébé ne respire plus, il est tout bleu", "112"),
        ("il y a de la fumée partout dans l'escalier, ça brûle", "112"),
        ("my 8 year old son never came home from school, we can't find him anywhere", "116 000"),
        ("mon mari me frappe, je suis enfermée dans la salle de bain", "2060 1060"),
    ],
)
def test_each_kind_of_emergency_leads_to_its_own_line(engine, text, line):
    reply = ask(engine, text)
    assert reply.kind == "emergency"
    first = reply.blocks[0].text
    assert "112" in first and "113" in first  # in the first line, before anything else
    assert line in first or any(n.replace(" ", "").endswith(line.replace(" ", "")) for n in numbers(reply))


def test_danger_buried_in_a_long_debt_story_is_a_crisis(engine):
    text = (
        "Bonjour, j'ai perdu mon travail en mars, les factures s'accumulent, l'huissier est passé deux fois et "
        "ma banque refuse tout. Honnêtement je ne vois plus qu'une solution, partir pour de bon, ce soir peut-être."
    )
    assert ask(engine, text).kind == "emergency"


@pytest.mark.parametrize(
    "text", ["SOS dettes, je reçois des lettres de l'huissier", "le crédit me tue, aidez-moi à rembourser"]
)
def test_an_alarm_word_with_a_practical_need_gets_the_answer_under_a_help_line_header(engine, text):
    reply = ask(engine, text)
    assert reply.kind == "answer" and reply.services[0] == "surendettement"
    assert reply.header and "112" in reply.header
    assert reply.to_json()["helplines"] is True


def test_an_ordinary_question_carries_no_header(engine):
    reply = ask(engine, "où aide aux dettes ?")
    assert reply.header is None and reply.to_json()["helplines"] is False


def test_after_a_crisis_a_vague_message_gets_the_numbers_again_and_a_person(engine):
    first = ask(engine, "ech wëll net méi liewen")
    assert first.kind == "emergency" and first.state.care > 0
    again = ask(engine, "ech weess net wat ech maache soll", first.state)
    assert again.kind == "emergency"
    assert any(b.action.startswith("p:") for row in again.buttons for b in row)


@pytest.mark.parametrize(("text", "kind"), [("ok", "emergency"), ("ok.", "emergency"), ("merci", "smalltalk")])
def test_after_a_crisis_a_bare_ok_gets_the_numbers_again_and_thanks_are_answered_under_the_header(engine, text, kind):
    state = ask(engine, "mon mari me frappe, il est dans le salon").state
    again = ask(engine, text, state)
    assert again.kind == kind and again.to_json()["helplines"]


@pytest.mark.parametrize("text", ["je voudrais parler à quelqu'un", "kann ech mat engem schwätzen?"])
def test_after_a_crisis_asking_for_someone_gets_the_numbers_and_a_person_not_the_association(engine, text):
    state = ask(engine, "ech wëll net méi liewen").state
    again = ask(engine, text, state)
    assert again.kind == "emergency"
    assert any(b.action.startswith("p:") for row in again.buttons for b in row)


@pytest.mark.parametrize(
    "text",
    [
        "a declaração de impostos está a matar-me, onde se faz?",
        "d'Steiererklärung bréngt mech ëm, wou kann ech se maachen?",
    ],
)
def test_an_alarm_phrase_in_a_question_asked_elsewhere_is_a_figure_of_speech(engine, text):
    seen = engine.understand(engine.normalize(text), ChatState())
    assert seen.crisis.langs and seen.elsewhere  # a crisis phrase, in what the model reads as asked elsewhere
    reply = ask(engine, text)
    assert reply.kind != "emergency" and reply.header  # the help-line header stays: when in doubt


def test_a_direct_phrase_stays_an_emergency_though_the_model_doubts_it(engine):
    # The corpus holds many "Mathe bringt mich um": the model leans to a figure of speech; the phrase decides.
    assert engine.understand(engine.normalize("ich bring mich um"), ChatState()).crisis.risk < 0
    assert ask(engine, "ich bring mich um").kind == "emergency"


def test_after_a_crisis_no_word_is_read_as_a_misspelt_place(engine):
    state = ask(engine, "ech wëll net méi liewen").state
    seen = engine.understand(engine.normalize("ech weess net wat ech maache soll"), state, exact=True)
    assert seen.places == []


def test_after_a_crisis_a_clear_need_is_answered_under_the_header(engine):
    state = ask(engine, "je me sens tellement seul, j'ai envie de mourir").state
    reply = ask(engine, "et en plus j'ai des dettes partout, qui peut m'aider pour ça ?", state)
    assert reply.kind == "answer" and reply.services[0] == "surendettement" and reply.header


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("my boyfriend hits me, i'm hiding in the bathroom", "can you also help me renew my residence permit?"),
        ("ech wëll net méi liewen", "kënnt dir mir hëllefen meng Steiererklärung auszefëllen?"),
    ],
)
def test_after_a_crisis_a_question_asked_of_someone_else_gets_who_answers_it_under_the_header(engine, first, then):
    state = ask(engine, first).state
    reply = ask(engine, then, state)
    assert reply.kind == "fallback" and reply.header
    assert reply.state.care > 0  # care goes on: fear still gets the numbers again


def test_care_ends_after_its_turns(engine):
    state = ask(engine, "je veux mourir").state
    for _ in range(state.care):
        state = ask(engine, "où aide aux dettes ?", state).state
    assert state.care == 0
    assert ask(engine, "où aide aux dettes ?", state).header is None


@pytest.fixture(scope="module")
def engines(kb, model_store):
    """The shipped models under two rules: every crisis the model alone reads is borderline, or none is."""
    from bot.core.engine import Engine

    # the model alone leans to a crisis on the debt story below (0.13): enough for the crisis reply here
    lean = 0.1
    soft = Engine(
        kb,
        thresholds=Thresholds(crisis_gate=False, care_firm_risk=99.0, crisis_practical_certain=lean),
        model_store=model_store,
    )
    firm = Engine(
        kb,
        thresholds=Thresholds(crisis_gate=False, care_firm_risk=-99.0, crisis_practical_certain=lean),
        model_store=model_store,
    )
    return soft, firm


def test_after_a_borderline_crisis_a_question_about_the_service_is_answered_under_the_header(engines):
    soft, firm = engines
    story = "tenho 30 mil de dívidas e a minha mulher não sabe de nada"
    first = ask(soft, story)
    crisis = soft.understand(soft.normalize(story), ChatState()).crisis
    assert first.kind == "emergency" and not crisis.langs  # the model alone read it
    assert not first.state.care_firm and ask(firm, story).state.care_firm
    reply = ask(soft, "é preciso marcar consulta?", first.state)
    assert reply.kind == "detail" and reply.services[0] == "surendettement" and reply.header
    assert ask(firm, "é preciso marcar consulta?", ask(firm, story).state).kind == "emergency"


@pytest.mark.parametrize(
    ("cry", "answer"),
    [
        ("SOCORRO nao sei o que fazer, ninguem fica com o meu filho amanha", "moramos em Esch, ele tem 4 anos"),
    ],
)
def test_after_a_cry_for_help_that_named_no_danger_a_plain_answer_is_answered(engine, cry, answer):
    # "au secours" alarms like a danger phrase, but names none: the care that follows is not firm, and the person's
    # plain answer (where, how old) gets the childcare there, under the help-lines
    first = ask(engine, cry)
    assert first.kind == "emergency" and not first.state.care_firm
    reply = ask(engine, answer, first.state)
    assert reply.kind in ("answer", "nearest") and reply.services[0] == "foyer-kannervilla" and reply.header


@pytest.mark.parametrize(
    "text", ["how do i get there, i have no money for the bus", "wéi kommen ech do hin, ech hu keng Suen fir de Bus"]
)
def test_after_a_borderline_crisis_a_detail_said_with_other_words_follows_up_the_service(engine, text):
    # a crisis only the model read, after the winter shelter was given: money for the bus is no debt question
    state = ChatState(lang="en", last_service="wanteraktioun", last_topic="housing", crisis=("self",), care=3)
    state = state.with_(care_firm=False)
    reply = ask(engine, text, state)
    assert reply.kind == "detail" and reply.services[0] == "wanteraktioun" and reply.header is not None


@pytest.mark.parametrize(("text", "kinds"), [("on est à Esch, près de la gare", ("answer", "nearest"))])
def test_after_a_borderline_crisis_a_plain_answer_is_answered_under_the_header(engine, text, kinds):
    # the first turn was read as a crisis by the model alone, weakly: a plain answer reads as no crisis at all
    soft = ChatState(lang="fr", crisis=("self",), care=3).with_(care_firm=False)
    assert engine.understand(engine.normalize(text), soft).crisis is None
    reply = ask(engine, text, soft)
    assert reply.kind in kinds and reply.header is not None and not reply.state.care_firm
    # after a crisis said in words, the same turn gets the numbers again
    assert ask(engine, text, soft.with_(care_firm=True)).kind == "emergency"
    assert ask(engine, "j'ai peur", soft).kind == "emergency"


def test_after_a_crisis_a_place_is_where_someone_is_not_the_earlier_topic_asked_there(engine):
    # violence prevention first, then a friend who took pills: "she lives in Strassen" asks for no workshop there
    state = ask(engine, "wollte fragen ob ihr workshops gegen gewalt für schulklassen macht").state
    assert state.last_service == "chance-geint-gewalt"
    state = ask(engine, "meine freundin hat grad eine ganze packung tabletten geschluckt", state).state
    assert state.care > 0
    reply = ask(engine, "ich weiß wo sie wohnt, in strassen, soll ich hinfahren?", state)
    assert reply.kind == "emergency"
    # outside a crisis, the same place asks for the topic of the conversation there
    calm = ChatState(lang="de", last_service="chance-geint-gewalt", last_topic=state.last_topic)
    assert ask(engine, "und in strassen?", calm).kind != "emergency"


@pytest.mark.parametrize(
    "text", ["should i wait or call someone now, im shaking", "tenho medo, onde fica isso?", "ech hunn Angscht"]
)
def test_after_a_crisis_fear_said_in_words_gets_the_numbers_again_first(engine, text):
    # even after a crisis only the model read, weakly, and with a question about the service given
    soft = ChatState(lang="en", last_service="mj-clausen", last_topic="youth", crisis=("missing_child",), care=3)
    soft = soft.with_(care_firm=False)
    assert ask(engine, text, soft).kind == "emergency"


def test_fear_words_outside_a_crisis_are_no_crisis(engine):
    assert ask(engine, "j'ai peur de rater mon examen, vous aidez pour les devoirs à Bonnevoie ?").kind != "emergency"


def test_mid_conversation_a_borderline_reading_gets_the_answer_under_the_header(kb, model_store, engine):
    from bot.core.engine import Engine

    # talking about debt advice already: no car any more is a practical worry, not a crisis
    state = ChatState(lang="lb", last_service="surendettement", last_topic="debt")
    text = "muss ech dofir an d'Stad fueren? ech hunn keen Auto méi"
    usual = Engine(kb, thresholds=Thresholds(crisis_gate=False, crisis_mid_certain=-99.0), model_store=model_store)
    assert ask(usual, text, state).kind == "emergency"  # the model alone reads it as a crisis, just
    reply = ask(engine, text, state)
    assert reply.kind != "emergency" and reply.header is not None
    # a crisis said plainly mid-conversation is one
    assert ask(engine, "mäi Papp ass just an der Kiche gefall a reagéiert net méi", state).kind == "emergency"


def test_mid_conversation_a_turn_that_reads_as_nothing_of_ours_needs_a_smaller_margin(engine):
    state = ChatState(lang="de", last_service="mr-diddelfamill", last_topic="childcare")
    rules = engine.rules

    def needs(text: str) -> float | None:
        message = engine.normalize(text)
        return engine._crisis_needs(engine.understand(message, state), state, care=False, asks=message.asks)

    assert rules.crisis_mid_unclear_certain < rules.crisis_mid_certain
    # a question about the service given is practical: the model alone must be sure
    assert needs("Muss ich dafür in die Stadt fahren? Ich habe kein Auto mehr") >= rules.crisis_mid_certain
    # smoke in the stairwell reads as nothing the conversation is about
    assert needs("oh nein, im Treppenhaus riecht es nach Rauch und der Alarm piept") == rules.crisis_mid_unclear_certain


def test_a_crisis_buried_in_one_clause_of_a_long_practical_message_is_read_clause_by_clause(engine):
    text = (
        "moien, dräi Kreditter am Retard, d'Bank rifft all Dag un, meng Fra weess näischt, ech hunn nogekuckt wéivill "
        "Pëllen et bräicht fir net méi erwächen, maacht dir Remboursementspläng?"
    )
    message = engine.normalize(text)
    whole = engine.crisis.check(message.tokens)
    # the debt words weigh the clause down in the whole message: read alone, it is surer than that
    assert whole is None or whole.risk < engine.rules.crisis_clause_certain
    clauses = engine._clauses(message)
    assert len(clauses) == 5
    read = engine.crisis.check(message.tokens, clauses=clauses)
    assert read is not None and read.certain and read.clause and "self" in read.kinds
    reply = ask(engine, text)
    assert reply.kind == "emergency"
    assert not reply.state.care_firm  # read in one clause only: the person's plain answers next are answered
    assert engine._clauses(engine.normalize("bonjour, je cherche une maison relais à Esch")) == ()  # one clause


def test_after_a_crisis_a_practical_need_answered_lets_its_details_be_answered(engine):
    state = ask(engine, "je veux mourir").state
    assert state.care_firm and ask(engine, "c'est quoi les horaires ?", state).kind == "emergency"
    moved_on = ask(engine, "ça va mieux. je cherche une maison relais pour mon fils de 7 ans à Dudelange", state)
    assert moved_on.kind in ("answer", "nearest") and moved_on.header is not None
    assert not moved_on.state.care_firm and moved_on.state.care > 0
    reply = ask(engine, "c'est quoi les horaires ?", moved_on.state)
    assert reply.kind == "detail" and reply.services[0] == moved_on.services[0] and reply.header is not None
    assert ask(engine, "j'ai peur", moved_on.state).kind == "emergency"  # fear still gets the numbers


def test_after_a_crisis_a_step_taken_lets_the_next_details_be_answered(engine):
    state = ask(engine, "j'ai trop de dettes, la banque me harcèle et je veux en finir avec la vie").state
    assert ask(engine, "faut prendre rendez-vous ?", state).kind == "emergency"  # not yet: the numbers first
    step = ask(
        engine, "ok j'ai appelé le numéro, ça va un peu mieux. pour les dettes, c'est où et à quelle heure ?", state
    )
    assert step.kind == "detail" and step.header is not None and not step.state.care_firm
    reply = ask(engine, "faut prendre rendez-vous ?", step.state)
    assert reply.kind == "detail" and reply.services[0] == "surendettement" and reply.header is not None
    assert ask(engine, "j'ai peur", step.state).kind == "emergency"


def test_after_a_crisis_with_its_need_one_detail_in_a_whole_sentence_is_answered_under_the_header(engine):
    first = ask(engine, "j'ai trop de dettes, la banque me harcèle et je veux en finir avec la vie")
    assert first.kind == "emergency" and first.services == ("surendettement",) and first.state.crisis_need
    asked = "est-ce que je dois payer quelque chose pour leur aide avec mes dettes ?"  # one detail, a whole sentence
    assert sum(w in engine.details for w in engine.normalize(asked).words) == 1
    reply = ask(engine, asked, first.state)
    assert reply.kind == "detail" and reply.services[0] == "surendettement" and reply.header is not None
    assert ask(engine, "faut un rendez-vous ?", first.state).kind == "emergency"  # short: the numbers again first
    assert ask(engine, "j'ai peur", reply.state).kind == "emergency"


def test_after_a_crisis_a_service_given_before_it_still_needs_a_step_for_its_details(engine):
    state = ask(engine, "maison des jeunes à Gasperich ?").state
    state = ask(engine, "mon beau-père me frappe tous les soirs", state).state
    assert state.care_firm and not state.crisis_need  # the youth house was asked before the crisis, not with it
    reply = ask(engine, "est-ce que je dois payer quelque chose pour y aller tous les soirs ?", state)
    assert reply.kind == "emergency"


def test_once_the_danger_is_surely_over_a_question_may_be_about_the_service_given_before_it(engine):
    state = ask(engine, "bonjour, je voudrais faire un stage chez vous cet été").state
    given = state.last_service
    state = ask(engine, "attendez ma collègue vient de tomber, elle ne respire plus", state).state
    assert state.care_firm
    text = "l'ambulance l'a emmenée, ils disent que ça va aller. bon, pour le stage, je passe directement au bureau ?"
    assert engine._over_margin(engine.normalize(text)) > engine.rules.danger_over_sure
    reply = ask(engine, text, state)
    assert reply.kind == "detail" and reply.services[0] == given and reply.header is not None


@pytest.mark.parametrize(
    ("before", "crisis", "thanks"),
    [
        (
            "hi, do you have work for young people without a diploma? i live in esch",
            "my friend says he wants to end his life, he is on the balcony",
            "they took him to the hospital, he is safe now. thank you",
        ),
        (
            "Hallo, gibt es eine Schuldnerberatung in Esch?",
            "hilfe mein vater liegt im flur und atmet komisch",
            "die rettung hat ihn mitgenommen, er ist jetzt im krankenhaus. danke euch",
        ),
    ],
)
def test_once_the_danger_is_surely_over_thanks_are_answered_under_the_header(engine, before, crisis, thanks):
    # a service given before the crisis: the thanks are no question about it
    state = ask(engine, crisis, ask(engine, before).state).state
    assert state.care_firm and state.last_service is not None
    assert engine._over_margin(engine.normalize(thanks)) > engine.rules.danger_over_sure
    reply = ask(engine, thanks, state)
    assert reply.kind == "smalltalk" and reply.header is not None
    assert ask(engine, "i am still shaking", reply.state).kind == "emergency"  # fear still gets the numbers again


def test_thanks_while_the_danger_goes_on_get_the_numbers_again(engine):
    before = ask(engine, "hi, do you have work for young people without a diploma? i live in esch").state
    state = ask(engine, "my friend says he wants to end his life, he is on the balcony", before).state
    text = "he is still on the balcony and not listening. thank you"
    assert engine._over_margin(engine.normalize(text)) <= engine.rules.danger_over_sure
    assert ask(engine, text, state).kind == "emergency"


def test_after_a_borderline_crisis_any_question_read_as_no_crisis_follows_up_the_service(engines):
    soft, firm = engines
    story = "tenho 30 mil de dívidas e a minha mulher não sabe de nada"
    state = ask(soft, story).state
    reply = ask(soft, "e lá falam português?", state)
    assert reply.kind == "detail" and reply.services[0] == "surendettement" and reply.header is not None
    assert ask(soft, "tenho tanto medo", state).kind == "emergency"  # fear, not a question
    assert ask(firm, "e lá falam português?", ask(firm, story).state).kind == "emergency"  # a firm crisis


def test_during_a_crisis_a_shared_location_gets_the_numbers_again(engine):
    state = ask(engine, "il me frappe, je suis enfermée dans la salle de bain").state
    reply = engine.answer(Incoming(location=(49.6, 6.13)), state)
    assert reply.kind == "emergency" and "112" in reply.blocks[0].text and reply.state.care > 0
    assert engine.answer(Incoming(location=(49.6, 6.13)), ChatState()).kind == "nearest"  # no crisis: what is near


@pytest.mark.parametrize(
    "first",
    [
        "ma fille de 11 ans n'est pas rentrée de l'école, personne ne sait où elle est",  # a phrase
        "my son (8) didn't come home from school, nobody knows where he is",  # a word combination
    ],
)
def test_during_a_crisis_saying_where_one_is_gets_the_numbers_again(engine, first):
    # "near the station" fits the youth house at the Gare: where the person is, no new need
    state = ask(engine, first).state
    assert state.care > 0 and state.care_firm
    reply = ask(engine, "on habite à Esch près de la gare", state)
    assert reply.kind == "emergency" and "113" in reply.blocks[0].text
    assert ask(engine, "on habite à Esch près de la gare").kind != "emergency"  # no crisis: a youth house there


def test_a_crisis_said_in_words_stays_firm_through_a_borderline_turn(engines):
    soft, _ = engines
    state = ask(soft, "je veux mourir, j'ai trop de dettes").state
    assert state.care_firm
    state = ask(soft, "tenho 30 mil de dívidas e a minha mulher não sabe de nada", state).state
    assert state.care_firm and ask(soft, "é preciso marcar consulta?", state).kind == "emergency"


def test_a_child_at_risk_is_marked_young(engine):
    assert ask(engine, "j'ai 13 ans et mon beau-père me touche la nuit").state.young


# The detector's own rules, on small explicit data (each test kills a kind of mutation of bot/core/crisis.py).

from bot.core.crisis import CRISIS, NONE, crisis_tasks  # noqa: E402
from bot.core.learned import train  # noqa: E402
from bot.core.thresholds import Thresholds  # noqa: E402
from knowledge.model import CorpusMessage, CrisisLexicon  # noqa: E402

SMALL = CrisisLexicon(
    signals={"self": {"fr": ("veux mourir",)}, "child_abuse": {"fr": ("me touche la nuit",)}},
    exceptions={"fr": ("mort de rire",)},
    young={"fr": ("college",)},
    alarm={"fr": ("tue",)},
    corpus=(
        CorpusMessage("je vais avaler toutes les pilules ce soir", "self", "fr"),
        CorpusMessage("plus de raison de continuer, adieu a tous", "self", "fr"),
        CorpusMessage("le feu est dans la cuisine, la fumee partout", "fire", "fr"),
        CorpusMessage("il y a le feu dans l escalier", "fire", "fr"),
        CorpusMessage("sos dettes, aidez moi pour mes factures", NONE, "fr"),
        CorpusMessage("le film parlait d un incendie", NONE, "fr"),
    ),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def test_the_tasks_label_every_corpus_message_and_the_ordinary_ones():
    tasks = crisis_tasks(SMALL, _words, ["ou aide aux dettes"], Thresholds())
    crisis = tasks["crisis"]
    labelled = dict(zip(crisis.texts, crisis.labels, strict=True))
    assert labelled["je vais avaler toutes les pilules ce soir"] == CRISIS
    assert labelled["le feu est dans la cuisine, la fumee partout"] == CRISIS
    assert labelled["sos dettes, aidez moi pour mes factures"] == NONE
    assert labelled["ou aide aux dettes"] == NONE
    assert crisis.intercept is False and crisis.balanced == Thresholds().crisis_balanced
    assert crisis.c == Thresholds().crisis_c
    kinds = tasks["crisis_kinds"]
    assert set(kinds.labels) == {"self", "fire", NONE}  # which kind, or none: its votes count in the risk
    assert kinds.balanced is True and kinds.intercept is False and kinds.c == Thresholds().crisis_c
    assert dict(zip(kinds.texts, kinds.labels, strict=True))["ou aide aux dettes"] == NONE
    assert kinds.space == crisis.space == Thresholds().crisis_space


def test_everyday_messages_train_a_second_crisis_model_only():
    told = ["kriegt man da lohn", "j ai des dettes et je sais plus quoi faire"]
    tasks = crisis_tasks(SMALL, _words, ["ou aide aux dettes"], Thresholds(), told)
    assert "kriegt man da lohn" not in tasks["crisis"].texts  # the first model is the same as without them
    assert tasks["crisis"] == crisis_tasks(SMALL, _words, ["ou aide aux dettes"], Thresholds())["crisis"]
    broad = dict(zip(tasks["crisis_broad"].texts, tasks["crisis_broad"].labels, strict=True))
    assert broad["kriegt man da lohn"] == NONE and broad["ou aide aux dettes"] == NONE
    assert broad["je vais avaler toutes les pilules ce soir"] == CRISIS
    assert "kriegt man da lohn" not in tasks["crisis_broad"].space_texts  # read, adding no n-gram of its own
    assert "crisis_broad" not in crisis_tasks(SMALL, _words, ["ou aide aux dettes"], Thresholds())


def test_the_broad_reading_is_the_second_models_margin_on_what_decided():
    tasks = crisis_tasks(SMALL, _words, ["ou aide aux dettes", "bonjour"], Thresholds(), ["sos dettes factures"])
    models = train(tasks)
    with_broad = CrisisDetector(
        SMALL, _words, Thresholds(), models["crisis"], models["crisis_kinds"], broad=models["crisis_broad"]
    )
    text = "je vais avaler toutes les pilules ce soir"
    signal = with_broad.check(_words(text))
    assert signal is not None
    assert signal.broad == pytest.approx(models["crisis_broad"].margins(text)[CRISIS])
    alone = CrisisDetector(SMALL, _words, Thresholds(), models["crisis"], models["crisis_kinds"]).check(_words(text))
    assert alone is not None and alone.broad == alone.risk  # without the second model: the first one's margin


def test_one_kind_only_needs_no_kind_model_and_no_corpus_needs_no_model():
    one = CrisisLexicon({}, {}, corpus=(SMALL.corpus[0], SMALL.corpus[4]))
    assert set(crisis_tasks(one, _words, [], Thresholds())) == {"crisis"}
    assert crisis_tasks(CrisisLexicon({}, {}), _words, ["ou aide"], Thresholds()) == {}
    assert crisis_tasks(CrisisLexicon({}, {}, corpus=(SMALL.corpus[4],)), _words, [], Thresholds()) == {}


@pytest.fixture(scope="module")
def small() -> CrisisDetector:
    models = train(crisis_tasks(SMALL, _words, ["ou aide aux dettes", "bonjour"], Thresholds()))
    return CrisisDetector(SMALL, _words, Thresholds(), models["crisis"], models["crisis_kinds"])


def test_the_learned_model_finds_a_crisis_no_phrase_names(small):
    signal = small.check(_words("ce soir je vais avaler toutes les pilules"))
    assert signal is not None and signal.certain and signal.kinds == ("self",) and signal.langs == ()
    assert small.check(_words("la fumee partout dans la cuisine le feu")).kinds == ("fire",)


def test_words_must_come_in_order(small):
    assert small.check(_words("mourir veux")) is None or not small.check(_words("mourir veux")).langs


def test_a_figure_of_speech_masks_only_its_own_words(small):
    assert small.check(_words("mort de rire veux mourir")).langs == ("fr",)
    assert small.check(_words("veux mourir mort de rire")).langs == ("fr",)
    masked = small.check(_words("mort de rire"))
    assert masked is None or not masked.langs


def test_an_alarm_word_alone_gives_a_possible_crisis_only():
    signal = CrisisDetector(SMALL, _words).check(_words("le credit me tue"), content=2)  # phrases only
    assert signal is not None and not signal.certain and signal.kinds == ("danger",)


def test_an_alarm_word_that_is_a_stop_word_elsewhere_alarms_no_one():
    lexicon = CrisisLexicon({}, {}, alarm={"en": ("die",), "fr": ("tue",)})
    detector = CrisisDetector(lexicon, _words, stopwords=frozenset({"die", "der"}))
    assert detector.check(_words("danke fur die infos"), content=2) is None  # German "die": the article
    assert detector.check(_words("le credit me tue"), content=2) is not None


def test_nothing_alarming_is_no_crisis(small):
    assert small.check(_words("ou aide aux dettes"), content=3) is None
    assert small.check(()) is None


def test_with_no_content_words_only_a_phrase_can_alarm(small):
    assert small.check(_words("ce soir je vais avaler toutes les pilules"), content=0) is None
    assert small.check(_words("veux mourir"), content=0).certain


@pytest.mark.parametrize(
    ("text", "young"),
    [("au college je veux mourir", True), ("j ai 14 ans je veux mourir", True), ("j ai 40 ans je veux mourir", False)],
)
def test_a_child_is_told_by_school_words_or_an_age_under_18(small, text, young):
    assert small.check(_words(text)).young is young


def test_the_kinds_of_the_phrases_stay_next_to_the_models(small):
    kinds = small.check(_words("le feu est dans la cuisine et je veux mourir")).kinds
    assert "self" in kinds and "fire" in kinds


def test_a_child_disclosing_abuse_is_young_without_saying_an_age(small):
    signal = small.check(_words("il me touche la nuit"))
    assert "child_abuse" in signal.kinds and signal.young


def test_the_risk_weighs_the_kind_models_best_kind_against_none(small):
    import dataclasses

    text = "ce soir je vais avaler toutes les pilules"
    binary = small.detector.margins(text)[CRISIS]
    kinds = small.kinds.margins(text)
    best = max(v for k, v in kinds.items() if k != NONE)
    vote = Thresholds().crisis_kind_vote
    assert small.risk_of(text) == pytest.approx((binary + vote * (best - kinds[NONE])) / (1 + vote))
    alone = CrisisDetector(SMALL, _words, dataclasses.replace(Thresholds(), crisis_kind_vote=0.0), small.detector)
    assert alone.risk_of(text) == pytest.approx(binary)
    assert alone.check(_words(text)).kinds == ("danger",)  # no kind model: the phrases' kinds, else danger


def test_a_message_read_as_suicide_needs_less_to_be_certain(small):
    import dataclasses

    rules = dataclasses.replace(Thresholds(), crisis_certain=5.0, crisis_certain_self=-5.0, crisis_phrase_certain=5.0)
    detector = CrisisDetector(SMALL, _words, rules, small.detector, small.kinds)
    assert detector.check(_words("ce soir je vais avaler toutes les pilules")).certain  # read as self
    fire = detector.check(_words("la fumee partout dans la cuisine le feu"))
    assert fire is not None and not fire.certain  # read as fire: the general threshold


@pytest.mark.parametrize("vague", ["il est encore là", "jsp quoi faire", "j'ai peur"])
def test_after_a_crisis_a_short_vague_turn_is_not_a_question_about_an_earlier_service(engine, vague):
    state = ask(engine, "aide aux dettes").state
    state = ask(engine, "je veux plus vivre", state).state
    assert state.last_service == "surendettement" and state.care > 0
    for _ in range(state.care):  # every turn of care, the last one too
        reply = ask(engine, vague, state)
        assert reply.kind == "emergency"
        state = reply.state


def test_a_figure_of_speech_hides_exactly_its_words_from_the_phrases():
    lexicon = CrisisLexicon(signals={"danger": {"fr": ("tuer",)}}, exceptions={"fr": ("me tuer si",)})
    detector = CrisisDetector(lexicon, _words)
    assert detector.check(_words("mon boss va me tuer si je suis en retard"), content=4) is None
    assert detector.check(_words("il va me tuer ce soir"), content=3).langs == ("fr",)


@pytest.mark.parametrize(
    ("text", "service"),
    [
        (
            "ma fille de 3 ans cherche une place en crèche à Neudorf, vous avez quelque chose pour elle ?",
            "foyer-laladudo",
        ),
        ("on m'a mis dehors, je cherche un foyer pour dormir quelques semaines avec mon fils", "foyer-obenthalt"),
    ],
)
def test_after_a_crisis_a_need_said_in_its_own_words_is_answered_under_the_help_lines(engine, text, service):
    state = ask(engine, "je veux plus vivre").state
    reply = ask(engine, text, state)
    assert reply.kind in ("answer", "nearest") and reply.services[0] == service and reply.header is not None


def test_a_crisis_with_a_practical_need_gives_the_numbers_first_then_that_service(engine):
    reply = ask(engine, "j'ai trop de dettes, la banque me harcèle et je veux en finir avec la vie")
    assert reply.kind == "emergency" and reply.services == ("surendettement",)
    assert isinstance(reply.blocks[0], Text) and "112" in reply.blocks[0].text  # the numbers come first
    # A short question about it during the turns of care: the numbers again first, then what was asked.
    follow_up = ask(engine, "c'est gratuit ?", reply.state)
    assert follow_up.kind == "emergency" and follow_up.services == ("surendettement",)
    assert "112" in follow_up.blocks[0].text and len(follow_up.blocks) > 2
    assert ask(engine, "j'ai peur", follow_up.state).services == ()  # fear: the numbers and a person


def test_after_a_crisis_a_detail_asked_in_a_whole_sentence_is_a_step_answered_under_the_header(engine):
    state = ask(engine, "maison des jeunes à Gasperich ?").state
    state = ask(engine, "mon beau-père me frappe tous les soirs", state).state
    assert state.care > 0 and state.care_firm
    step = ask(engine, "ok je vais appeler demain. la maison des jeunes est ouverte cet après-midi ?", state)
    assert step.kind == "detail" and step.services[0] == "mj-gasperich" and step.header is not None
    # ...while a short one, or one that asks for presence, still gets the numbers again first; after the step,
    # the person has moved on: a short detail is answered too, fear still gets the numbers
    assert ask(engine, "c'est gratuit ?", state).kind == "emergency"
    assert ask(engine, "bon j'appelle maintenant mais tu peux rester avec moi ?", state).kind == "emergency"
    assert ask(engine, "c'est gratuit ?", step.state).kind == "detail"
    assert ask(engine, "j'ai peur", step.state).kind == "emergency"


def test_a_crisis_with_no_practical_need_gives_the_numbers_alone(engine):
    reply = ask(engine, "je veux plus vivre")
    assert reply.kind == "emergency" and reply.services == ()


def test_a_follow_up_about_the_service_given_needs_a_surer_model_for_the_crisis_reply(kb, model_store):
    import dataclasses

    from bot.core.engine import Engine

    text = "and if i cant come alone?"  # the model alone leans to a crisis, a little (0.04)
    rules = dataclasses.replace(Thresholds(), crisis_gate=False, crisis_certain=0.0, crisis_practical_certain=0.9)
    strict = Engine(kb, thresholds=rules, model_store=model_store)
    assert ask(strict, text).kind == "emergency"  # out of context: the crisis reply
    state = ask(strict, "maison relais pour les enfants du personnel de l'université").state
    reply = ask(strict, text, state)  # about the maison relais just given: the answer, under the help-lines
    assert reply.kind == "detail" and reply.services[0] == "mr-babbeltiermchen" and reply.header


def test_combination_groups_and_young_phrases_allow_the_same_word_gaps_as_crisis_phrases():
    lexicon = CrisisLexicon(
        signals={},
        exceptions={},
        combinations={"self": (("pilules",), ("no point",))},
        young={"fr": ("ma prof",)},
    )
    detector = CrisisDetector(lexicon, _words, Thresholds())  # phrases alone
    combined = detector.check(_words("j ai les pilules et there is no real point"))  # "no ... point", one word between
    assert combined is not None and combined.kinds == ("self",)
    young = detector.check(_words("ma nouvelle prof me frappe et j ai les pilules no point"))
    assert young is not None and young.young  # "ma ... prof", one word between


def test_a_message_read_as_self_harm_needs_as_little_as_one_read_as_suicide():
    import dataclasses

    cutting = (
        CorpusMessage("je me coupe les bras avec une lame", "self_harm", "fr"),
        CorpusMessage("je me suis encore coupee avec la lame ce soir", "self_harm", "fr"),
    )
    # SMALL's fire and near-miss messages, with self-harm in place of its suicide messages (and no phrases)
    lexicon = CrisisLexicon(signals={}, exceptions={}, corpus=cutting + SMALL.corpus[2:])
    models = train(crisis_tasks(lexicon, _words, ["ou aide aux dettes", "bonjour"], Thresholds()))
    rules = dataclasses.replace(Thresholds(), crisis_certain=5.0, crisis_certain_self=-5.0)
    detector = CrisisDetector(lexicon, _words, rules, models["crisis"], models["crisis_kinds"])
    cut = detector.check(_words("je me coupe avec la lame"))
    assert cut is not None and cut.kinds[0] == "self_harm" and cut.certain
    fire = detector.check(_words("le feu dans la cuisine"))
    assert fire is not None and not fire.certain


def test_a_practical_story_the_kind_model_reads_as_no_crisis_gets_the_answer_under_the_header(engine):
    # a son who fights at school: "frappé" and "fils" make a violence combination, the model hesitates, and its
    # kinds read "no crisis" far likelier than any crisis
    text = (
        "mon fils de 14 ans a frappé deux camarades cette année et a été exclu, je travaille tard et il est seul "
        "dans la rue. il y a un endroit près de chez nous pour lui ?"
    )
    seen = engine.understand(engine.normalize(text), ChatState())
    assert seen.crisis is not None and seen.crisis.worded and seen.crisis.doubt >= engine.rules.crisis_doubt
    reply = ask(engine, text)
    assert reply.kind != "emergency" and reply.header is not None
    # the same doubt never weighs on a crisis said plainly
    assert ask(engine, "o meu padrasto bate-me todos os dias e hoje tenho medo de voltar para casa").kind == "emergency"


def test_small_talk_the_kind_model_reads_as_no_crisis_is_answered_under_the_header(kb, model_store):
    from bot.core.engine import Engine

    # every reading of the crisis model counts as sure here: only the doubt of the kind model can weigh it down
    eager = {"crisis_certain": -10.0, "crisis_certain_self": -10.0, "crisis_possible": -10.0}
    doubting = Engine(kb, thresholds=Thresholds(crisis_gate=False, **eager), model_store=model_store)
    undoubting = Engine(
        kb, thresholds=Thresholds(crisis_gate=False, **eager, crisis_doubt=float("inf")), model_store=model_store
    )
    text = "wait is this a real human texting me or a bot 😂"
    assert ask(undoubting, text).kind == "emergency"
    reply = ask(doubting, text)
    assert reply.kind == "smalltalk" and reply.header is not None


def test_a_question_read_surely_as_about_the_service_given_needs_a_sure_crisis_model(kb, model_store, engine):
    from bot.core.engine import Engine

    # "Abschluss" (a diploma) reads to character n-grams like "Schluss machen"
    state = ChatState(lang="de", last_service="polygone", last_topic="work")
    text = "braucht man dafür einen Abschluss? ich hab nur die 9. Klasse"
    lenient = Engine(
        kb,
        thresholds=Thresholds(crisis_gate=False, crisis_follow_up_certain=0.3, crisis_mid_certain=0.3),
        model_store=model_store,
    )
    assert ask(lenient, text, state).kind == "emergency"
    reply = ask(engine, text, state)
    assert reply.kind == "detail" and reply.services[0] == "polygone" and reply.header is not None


@pytest.mark.parametrize(
    "text",
    [
        "je voulais demander les horaires de la maison relais mais là il y a de la fumée partout dans le couloir",
        "ech wollt froen wann de Jugendhaus op ass, mee bei eis am Haus brennt et grad",
        "quick question about the youth house in Bonnevoie, sorry my flatmate collapsed and is not breathing",
    ],
)
def test_a_fire_or_medical_emergency_said_in_passing_comes_first(engine, text):
    assert ask(engine, text).kind == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "SOS!!! on est expulsés vendredi avec les enfants, on peut dormir où ?",
        "socorro!!! o senhorio quer-nos fora até sexta, temos 2 filhos, onde podemos ficar?",
        "help me now, my landlord threw us out, where can we sleep tonight",
    ],
)
def test_a_call_for_help_with_a_clear_practical_need_is_answered_under_the_header(engine, text):
    reply = ask(engine, text)
    assert reply.kind == "answer" and reply.services[0] == "foyer-obenthalt" and reply.header is not None


@pytest.mark.parametrize(
    "text", ["au secours!!!", "au secours mon mari me frappe", "hilfe schnell, mein Freund atmet nicht mehr"]
)
def test_a_call_for_help_alone_or_with_a_danger_named_is_a_crisis(engine, text):
    assert ask(engine, text).kind == "emergency"


def test_calls_for_help_are_phrases_of_danger_that_say_they_named_none(phrases_only, engine):
    cry = phrases_only.check(engine.normalize("au secours").tokens)
    assert cry is not None and "danger" in cry.kinds and cry.cried
    both = phrases_only.check(engine.normalize("au secours il a un couteau").tokens)
    assert both is not None and not both.cried


def test_after_a_crisis_said_in_words_a_word_read_loosely_is_no_practical_need(engine):
    # "contar" (to tell) reads like "contas" (bills): no question about debts after a child's disclosure
    state = ask(engine, "tenho 13 anos e o meu padrasto bate-me com o cinto quando a minha mãe não está").state
    assert state.care_firm
    assert ask(engine, "não posso contar à minha mãe, ela nunca acredita em mim", state).kind == "emergency"
    # a need said plainly is still answered, under the header
    moved_on = ask(engine, "ja estou em casa da minha avó. há uma casa dos jovens perto de Bonnevoie?", state)
    assert moved_on.kind in ("answer", "nearest") and moved_on.header is not None


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("mon fils de 14 ans reste enfermé dans sa chambre toute la journée, y a un endroit pour lui ?", False),
        ("my son stays locked in his room gaming all day, is there a youth club near us?", False),
        ("o meu filho passa o dia trancado no quarto, há atividades para jovens?", False),
        ("mon beau-père m'a enfermée dans ma chambre et il crie", True),
        ("he locked me in my room and took my phone", True),
    ],
)
def test_a_teenager_shut_in_his_room_is_no_one_locked_in(engine, text, crisis):
    assert (ask(engine, text).kind == "emergency") is crisis


def test_a_word_in_its_own_right_is_never_read_as_a_typo_of_a_crisis_word():
    lexicon = CrisisLexicon({"violence": {"lb": ("papp schleit",)}}, {})
    detector = CrisisDetector(lexicon, _words, known=frozenset({"schleift"}))  # "schléift": sleeps
    assert detector.check(_words("de papp schleift den ganzen dag"), content=0) is None
    assert detector.check(_words("de papp schleeit mech"), content=0).kinds == ("violence",)  # a typo still reads


def test_the_knowledge_bases_own_words_are_known_to_the_detector(engine):
    # "schléift" is in the knowledge base's own questions; "schléit" (hits) is a crisis word one letter away
    tokens = engine.normalize("meng mamm schafft nuets an schléift den ganzen dag").tokens
    assert engine.crisis.check(tokens, content=0) is None
    assert "violence" in engine.crisis.check(engine.normalize("mäi papp schléit meng mamm").tokens, content=0).kinds


def test_a_known_word_is_still_read_as_a_crisis_word_it_only_inflects():
    lexicon = CrisisLexicon({"self": {"de": ("bringe mich um",)}, "violence": {"en": ("beaten",)}}, {})
    detector = CrisisDetector(lexicon, _words, known=frozenset({"bring", "besten"}))
    assert detector.check(_words("ich bring mich um"), content=0).kinds == ("self",)  # another ending
    assert detector.check(_words("am besten in der nahe"), content=0) is None  # another word


def test_words_of_the_messages_people_wrote_us_are_known_to_the_detector(engine):
    # "am besten" (best) in the messages of the knowledge base: no typo of "beaten"
    tokens = engine.normalize("sie arbeitet in Howald, dann am besten dort in der Nähe").tokens
    assert "besten" in engine.crisis._signals.known
    assert engine.crisis._phrased(tokens)[0] == set()
    assert "self" in engine.crisis.check(engine.normalize("ich bring mich um").tokens, content=0).kinds


@pytest.mark.parametrize(
    ("crisis", "then"),
    [
        ("ech sinn an der Kichen gefall, de Kapp blutt a mir ass schwindeleg", "soll ech 112 oder 113 uruffen?"),
        ("my neighbour fell down the stairs and isnt moving", "do i call 112 or 113, which one is it"),
    ],
)
def test_after_a_crisis_asking_which_emergency_number_to_call_gets_the_numbers(engine, crisis, then):
    first = engine.answer(Incoming(text=crisis))
    assert first.kind == "emergency"
    reply = engine.answer(Incoming(text=then), first.state)
    assert reply.kind == "emergency"


@pytest.fixture(scope="module")
def shielded(kb, model_store):
    """The shipped models with a practical need shielding any crisis the model alone reads, with and without the
    reading of a danger told apart from the question."""
    from bot.core.engine import Engine

    apart = Engine(kb, thresholds=Thresholds(crisis_gate=False, crisis_practical_certain=5.0), model_store=model_store)
    whole = Engine(
        kb,
        thresholds=Thresholds(crisis_gate=False, crisis_practical_certain=5.0, crisis_apart_certain=99.0),
        model_store=model_store,
    )
    return apart, whole


def test_a_danger_told_apart_from_a_practical_question_is_a_crisis(shielded):
    apart, whole = shielded
    text = (
        "Moien, huet d'Maison Relais zu Diddeleng an der Vakanz op? "
        "An nach eppes, am Stéiegenhaus richt et zanter enger Stonn no Gas"
    )
    assert whole.answer(Incoming(text=text)).kind == "answer"  # the question's words shield the whole message...
    reply = apart.answer(Incoming(text=text))  # ...but the gas clause fits no service: the danger comes first
    assert reply.kind == "emergency" and "fire" in reply.state.crisis


def test_a_feeling_told_apart_from_a_practical_question_is_no_danger_apart(engine):
    # "ja não aguento mais" reads like a wish to die to the models: in a story of bills it is how the story feels
    text = "socorro, ja nao aguento mais, as contas nao param de chegar, voces ajudam com as dividas?"
    risk, kind = engine.crisis.kind_read(" ".join(engine.normalize("socorro, ja nao aguento mais").tokens))
    assert risk > engine.rules.crisis_certain and kind in ("self", "self_harm")
    seen = engine.understand(engine.normalize(text), ChatState())
    assert engine._danger_apart(seen) < engine.rules.crisis_apart_certain


def test_a_danger_told_apart_from_a_practical_question_gets_the_help_lines_and_keeps_the_answer(engine):
    # Whether the whole message reads as a crisis depends on the trained models; either way the danger said in
    # its last clause is not lost (the header, or the crisis reply first), and the question is still answered.
    text = (
        "Hallo, hat die Maison Relais in Düdelingen in den Osterferien offen für meine zwei Jungs und bis wann kann "
        "man sie abholen? Und bei uns im Treppenhaus stinkt es seit einer Stunde nach Gas"
    )
    reply = engine.answer(Incoming(text=text))
    assert reply.services[0] == "mr-diddelfamill"
    assert (reply.kind == "answer" and reply.header) or (reply.kind == "emergency" and "fire" in reply.state.crisis)
    plain = "je cherche une maison relais a dudelange pour mon fils de 6 ans. il sort a 16h. vous avez des places ?"
    assert engine.answer(Incoming(text=plain)).header is None


def test_violence_the_model_alone_reads_fairly_surely_keeps_the_numbers_on_a_plain_next_turn(engine):
    # no phrase names it, but the model reads violence well above a borderline reading: the care that follows is
    # firm, and where the person lives is no question about the childcare there
    story = "il m'a encore tapée ce matin, j'ai un bleu sur la joue, il revient ce soir"
    crisis = engine.understand(engine.normalize(story), ChatState()).crisis
    assert crisis is not None and not crisis.langs and crisis.risk < 1.0
    first = ask(engine, story)
    assert first.kind == "emergency" and first.state.care_firm
    assert ask(engine, "on habite à Esch près de la gare", first.state).kind == "emergency"


@pytest.mark.parametrize(
    ("need", "crisis", "asked", "kind"),
    [
        # once the danger is surely over, a question about the service given is answered
        (
            "je cherche un endroit pour habiter avec ma fille, j'ai quitté mon copain",
            "il est devant la porte et il crie qu'il va me tuer",
            "la police est là, ils l'ont emmené. on peut encore aller dans ce foyer ce soir ?",
            "detail",
        ),
        # the story of the danger passing is set apart from what is asked now
        (
            None,
            "o meu marido bateu-me e esta a partir tudo la em casa, estou com medo",
            "a policia veio e levaram-no. mas amanha onde fico com a bebe? nao quero voltar para aquela casa",
            "answer",
        ),
    ],
)
def test_once_the_danger_is_over_what_is_asked_is_answered_under_the_header(engine, need, crisis, asked, kind):
    first = ask(engine, crisis, ask(engine, need).state if need else None)
    assert first.kind == "emergency"
    reply = engine.answer(Incoming(text=asked), first.state)
    assert reply.kind == kind
    assert reply.services[:1] == ("foyer-obenthalt",)
    assert reply.header is not None  # the help-line line on top


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("bring", "bringt", True),  # an ending added
        ("bringt", "bring", True),  # either way round
        ("bring", "bringen", True),  # two letters added
        ("bring", "bringend", False),  # three: another word
        ("perds", "perdu", True),  # the last letter changed
        ("schleift", "schleit", False),  # sleeps is not hits: one letter dropped inside
        ("tue", "tuer", True),  # three letters are enough
        ("tu", "tue", False),  # two are not
        ("mourir", "mourir", False),  # the same word is no other form of it
        ("mourir", "nourir", False),  # another first letter
        ("frappe", "frappa", True),
        ("frappe", "grappa", False),
    ],
)
def test_two_words_are_forms_of_one_only_by_an_ending(a, b, same):
    """A word of the knowledge base is read as a crisis word only when it inflects it ("bringt" for "bring"), never
    when it only looks like it ("schléift", sleeps, and "schléit", hits)."""
    from bot.core.crisis import _same_stem

    assert _same_stem(a, b) is same
