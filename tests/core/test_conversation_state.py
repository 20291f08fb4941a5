"""Follow-ups: details of the service just given, the same topic at another place, topic switches, referrals,
and a shared location with no topic."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.core.engine import Engine, Incoming
from bot.core.state import ChatState
from bot.core.thresholds import Thresholds


def ask(engine, text: str, state: ChatState | None = None):
    return engine.answer(Incoming(text=text), state)


@pytest.mark.parametrize(
    "follow_up",
    ["quel est le numéro ?", "c ouvert quand", "c'est gratuit ?", "is it free?", "wéini ass et op?", "adresse ?"],
)
def test_a_detail_question_is_about_the_service_just_given(engine, follow_up):
    first = ask(engine, "où aide aux dettes?")
    reply = ask(engine, follow_up, first.state)
    assert reply.kind == "detail" and reply.services[0] == "surendettement"


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("je cherche une maison relais à Dudelange", "et ça coûte combien par mois en gros ?", "mr-diddelfamill"),
        ("boxe gratuite pour les jeunes ?", "mon neveu peut venir à partir de quel âge ?", "streetsport"),
        ("Ich brauche mobile Toiletten für ein Fest", "Was kostet so was pro Tag?", "polygone"),
        ("abrigo de inverno para dormir", "a que horas fecha?", "wanteraktioun"),
        ("abrigo de inverno para dormir", "preciso de levar documentos?", "wanteraktioun"),
        ("ech sichen eng Aarbecht am Gaardebau fir Jonker", "wéi laang dauert de Kontrakt?", "polygone"),
        ("jugendhaus in gasperich", "where is it exactly?", "mj-gasperich"),
        # words of another need (money, a language, a mother) in a question that reads like a follow-up
        ("où aide aux dettes?", "is it expensive? im a student with hardly any money", "surendettement"),
        ("maison des jeunes gasperich", "est-ce qu'ils parlent arabe là-bas ? ma mère ne parle que ça", "mj-gasperich"),
        ("abrigo de inverno para dormir", "posso levar o meu cão?", "wanteraktioun"),
        ("où aide aux dettes?", "ma femme peut venir avec moi au rendez-vous ?", "surendettement"),
    ],
)
def test_a_detail_question_with_other_words_is_still_about_the_service_just_given(engine, first, follow_up, expected):
    state = ask(engine, first).state
    assert state.last_service == expected
    reply = ask(engine, follow_up, state)
    assert reply.kind == "detail" and reply.services[0] == expected


def test_a_question_asked_elsewhere_mid_conversation_is_not_a_follow_up(engine):
    state = ask(engine, "maison des jeunes gasperich").state
    reply = ask(engine, "tu sais comment on s'inscrit à l'ADEM ?", state)
    assert reply.kind != "detail" and "mj-gasperich" not in reply.services


def test_mid_conversation_a_short_question_must_name_another_office_to_be_asked_elsewhere(engine):
    from dataclasses import replace

    def elsewhere(text: str, last: str | None = "mj-gasperich", not_ours: float = 0.9) -> bool:
        seen = engine.understand(engine.normalize(text), ChatState())
        read = replace(seen, elsewhere=True, follow_up=0.0, not_ours=not_ours, not_ours_mid=not_ours)
        return engine._elsewhere_now(read, last)

    assert not elsewhere("a wéini ass op")  # as a shop's hours may read: about the service given
    # ...unless the service model reads it surely as not ours ("c koi la meteo demain")
    assert elsewhere("a wéini ass op", not_ours=engine.rules.not_ours_mid_chat)
    assert elsewhere("a wéini ass op", last=None)  # nothing given yet: asked elsewhere
    assert elsewhere("et pour l'ADEM on s'inscrit comment ?")  # names another office
    assert elsewhere("est-ce que tu connais la météo de ce week-end à la mer ?")  # says more


def test_a_partner_named_surely_mid_conversation_is_asked_elsewhere_even_read_as_a_follow_up(engine):
    from dataclasses import replace

    seen = engine.understand(engine.normalize("ok and how do i apply for REVIS?"), ChatState())
    read = replace(seen, elsewhere=True, follow_up=1.0, not_ours_mid=0.0)  # a question about the service given
    assert engine.partners.match(read.tokens, limit=1)[0].score >= engine.rules.partner_named
    assert engine._elsewhere_now(read, "surendettement")
    plain = engine.understand(engine.normalize("ok and how do i apply?"), ChatState())
    assert not engine._elsewhere_now(replace(plain, elsewhere=True, follow_up=1.0, not_ours_mid=0.0), "surendettement")


def test_surely_not_ours_mid_conversation_is_weighed_against_a_question_about_the_service_given(engine):
    state = ask(engine, "jugendhaus in gasperich").state
    # "cher" and "parking" are in many questions asked elsewhere (a garage, a flight): read alone, "c cher le
    # parking?" is asked elsewhere; against a question about the service given, it is not surely so
    seen = engine.understand(engine.normalize("c cher le parking?"), state)
    assert seen.elsewhere and seen.not_ours >= engine.rules.not_ours_share
    assert seen.not_ours_mid < engine.rules.not_ours_mid_chat
    reply = ask(engine, "c cher le parking?", state)
    assert reply.kind == "detail" and reply.services[0] == "mj-gasperich"
    assert ask(engine, "c koi la meteo demain", state).kind == "fallback"


def test_a_topic_named_mid_conversation_is_a_new_need_not_a_follow_up(engine):
    state = ask(engine, "maison des jeunes gasperich").state
    reply = ask(engine, "et pour mes dettes ?", state)
    assert reply.kind == "answer" and reply.services[0] == "surendettement"


def test_a_new_story_with_a_detail_word_is_not_a_detail_of_the_last_service(engine):
    state = ask(engine, "boxe gratuite pour les jeunes ?").state
    text = "autre chose: ma fille a 19 ans, elle a quitté l'école sans diplôme et ne trouve aucun travail"
    assert ask(engine, text, state).kind != "detail"


def test_a_detail_word_with_a_clear_new_need_is_that_need(engine):
    state = ask(engine, "maison des jeunes gasperich").state
    reply = ask(engine, "combien ça coûte un conseil pour mes dettes de crédit ?", state)
    assert reply.services[0] == "surendettement"


@pytest.mark.parametrize(
    "follow_up", ["it cost money?", "custa dinheiro?", "c combien par mois? on a pas bcp d'argent", "kascht dat Suen?"]
)
def test_money_said_asking_the_price_of_the_service_given_is_that_price(engine, follow_up):
    state = ask(engine, "je cherche une creche a Esch pour mon fils de 1 an").state
    reply = ask(engine, follow_up, state)
    assert reply.kind == "detail" and reply.services[0] == "foyer-kannervilla"


@pytest.mark.parametrize(
    "then", ["kritt een do Suen?", "ele recebe algum dinheiro enquanto aprende?", "do they get paid money?"]
)
def test_money_asked_as_pay_of_a_work_workshop_is_about_that_workshop(engine, then):
    state = ask(engine, "atelier pour apprendre les metiers du batiment, j'ai 18 ans").state
    assert state.last_service == "schlaifmillen"
    reply = ask(engine, then, state)
    assert reply.kind == "detail" and reply.services[0] == "schlaifmillen"


def test_money_without_a_price_asked_mid_conversation_is_still_a_need_of_help_with_debts(engine):
    state = ask(engine, "je cherche une creche a Esch pour mon fils de 1 an").state
    reply = ask(engine, "je n'arrive plus a payer mes factures, j'ai plus d'argent", state)
    assert reply.services[0] == "surendettement"


def test_money_asked_of_debt_counselling_stays_a_question_about_it(engine):
    state = ask(engine, "ich hab 3000 euro schulden, wer kann mir helfen").state
    reply = ask(engine, "kostet die beratung was? hab ja eh kein geld", state)
    assert reply.services[0] == "surendettement"


def test_a_detail_question_with_nothing_before_asks_the_association(engine):
    reply = ask(engine, "quel est votre numéro de téléphone ?")
    assert reply.services[0] == "inter-actions"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("maison des jeunes à Bonnevoie ?", "et à Gasperich ?", "mj-gasperich"),
        ("Moien, wou ass de Jugendhaus zu Gaasperech?", "an zu Bouneweg?", "mj-bonnevoie"),
        ("Ich habe Schulden und brauche Beratung", "Gibt es das auch in Esch?", "surendettement"),
        ("jugendhaus in gasperich", "Gibt es das auch in Bonneweg?", "mj-bonnevoie"),
    ],
)
def test_a_place_follow_up_keeps_the_topic(engine, first, then, expected):
    reply = ask(engine, then, ask(engine, first).state)
    assert reply.services[0] == expected


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        (
            "Meine Tochter ist 8 und braucht Betreuung nach der Schule, wir wohnen in Hollerich",
            "Und in Esch? Da wohnt ihre Oma, die holt sie jeden Tag ab, das wäre für uns viel praktischer weil ich "
            "lange arbeite",
            "foyer-kannervilla",
        ),
        (
            "youth house in Gasperich for my son?",
            "and in Bonnevoie? his best friend lives there and they would like to go together after school every day",
            "mj-bonnevoie",
        ),
    ],
)
def test_a_place_asked_first_then_why_keeps_the_topic(engine, first, then, expected):
    """However long the reason after it, a short question naming a place asks for the conversation's kind there."""
    reply = ask(engine, then, ask(engine, first).state)
    assert reply.kind == "answer" and reply.services[0] == expected


@pytest.mark.parametrize(
    ("then", "expected"),
    [("on habite neudorf", "foyer-laladudo"), ("on habite à Bonnevoie", "foyer-pinocchio")],
)
def test_where_one_lives_after_a_service_asks_for_its_kind_there_not_the_house_named_after_the_place(
    engine, then, expected
):
    """Neudorf and Bonnevoie name youth houses, to the index and to the service model; "on habite" reads as a
    question about the crèche given, so the place asks for a crèche there."""
    reply = ask(engine, then, ask(engine, "je cherche une crèche pour ma fille de 2 ans").state)
    assert reply.services[0] == expected


def test_where_one_lives_said_with_a_need_of_its_own_is_that_need(engine):
    state = ask(engine, "je cherche une crèche pour ma fille de 2 ans").state
    reply = ask(engine, "on habite à Neudorf, il y a une maison des jeunes pour mon fils ?", state)
    assert reply.services[0] == "mj-neudorf"


def test_a_new_need_said_with_a_place_after_a_service_for_the_whole_country_is_that_need_there(engine):
    """After debt counselling (one service for the whole country), a place is usually "and there too?"; here the
    words without the place ask surely for day care, and not about the service given."""
    state = ask(engine, "Ich habe Schulden und brauche Beratung").state
    then = "Meine Tochter ist erst 4 und ich muss jetzt Vollzeit arbeiten, gibt es in Esch eine Tagesbetreuung?"
    assert ask(engine, then, state).services[0] == "foyer-kannervilla"
    assert ask(engine, "Gibt es das auch in Esch?", state).services[0] == "surendettement"


def test_a_place_after_which_of_these_asks_for_the_likeliest_kind_there(engine):
    # the state a choice among childcare services leaves (which one a message gets offered depends on the models)
    offered = ChatState(lang="pt", last_service="haus-vun-de-kanner", last_topic="children", choosing=True)
    reply = ask(engine, "moro em Esch", offered)
    assert reply.services[0] in ("foyer-kannervilla", "mr-diddelfamill")  # childcare near Esch, not its quarters


@pytest.mark.parametrize(
    "then",
    ["c'est loin de Bouneweg ?", "how do I get there from Kirchberg by bus?", "ech wunnen zu Esch, ass dat wäit?"],
)
def test_a_question_asked_from_another_place_is_about_the_service_given(engine, then):
    state = ask(engine, "jugendhaus in gasperich").state
    reply = ask(engine, then, state)
    assert reply.kind == "detail" and reply.services[0] == "mj-gasperich"


def test_a_way_asked_from_a_place_named_like_a_house_is_about_the_service_given(engine):
    # "Gare" names the youth house there, to the service model too: the way from there is still asked of the shelter
    state = ChatState(lang="lb", last_service="wanteraktioun", last_topic="housing")
    reply = ask(engine, "a wéi kommen ech do hin vun der Gare aus", state)
    assert reply.kind == "detail" and reply.services[0] == "wanteraktioun"


def test_a_new_topic_is_followed(engine):
    state = ask(engine, "maison des jeunes gasperich").state
    assert ask(engine, "et pour les dettes ?", state).services[0] == "surendettement"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("Familljenhëllef SEFIA", "eigentlech geet et ëm eis Scholden, mir wunnen zu Esch", "surendettement"),
        (
            "je cherche la maison des jeunes de Gasperich",
            "en fait c'est pour mes dettes, j'habite à Esch",
            "surendettement",
        ),
        ("Ich habe Schulden und brauche Beratung", "Gibt es das auch in Esch?", "surendettement"),
    ],
)
def test_a_place_follows_the_last_kind_unless_the_turn_names_another_need(kb, model_store, first, then, expected):
    """A place after a service reads as "the same kind there" whenever the turn fits nothing surely (here: anything
    under 0.95), unless it names another kind of need by its own words and the service model reads it as that kind.
    The last one names no other need: the debts there."""
    engine = Engine(kb, model_store=model_store, thresholds=replace(Thresholds(), follow_up_below=0.95))
    reply = ask(engine, then, ask(engine, first).state)
    assert reply.services[0] == expected


@pytest.mark.parametrize(
    "thanks", ["merci infiniment", "vielen Dank für die schnelle Antwort", "obrigada pela ajuda, até amanhã"]
)
def test_thanks_with_other_words_is_small_talk(engine, thanks):
    assert ask(engine, thanks).kind == "smalltalk"


@pytest.mark.parametrize("neutral", ["merci", "ok", "Bouneweg", "👍"])
def test_a_neutral_turn_keeps_the_chats_language(engine, neutral):
    assert ask(engine, neutral, ChatState(lang="pt")).lang == "pt"


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("comment faire ma déclaration d'impôts ?", "myguichet-tax-return"),
        ("how do I register as a job seeker", "adem-job-seekers"),
        ("welches Sozialamt ist für mich zuständig", "red-cross-social-office-helpline"),
    ],
)
def test_a_need_that_is_not_ours_is_referred_with_a_sourced_contact(engine, text, partner):
    reply = ask(engine, text)
    assert reply.kind == "fallback" and reply.referral == partner
    card = reply.blocks[1]
    assert card.url or card.phones


def test_our_own_need_is_never_referred_away(engine):
    assert ask(engine, "j'ai des dettes, qui peut m'aider ?").referral is None


def test_a_location_with_no_topic_gives_the_nearest_of_each_kind(engine):
    reply = engine.answer(Incoming(location=(49.4817, 6.0864)), ChatState())  # Dudelange
    assert reply.kind == "nearest"
    assert reply.services[0] == "mr-diddelfamill"
    assert len(set(engine._topic_of[s] for s in reply.services)) == len(reply.services)  # one per kind


def test_a_location_far_from_every_place_asks_which_kind(engine):
    reply = engine.answer(Incoming(location=(49.95, 5.95)), ChatState())  # the far north-west
    assert reply.kind == "clarify" and reply.buttons


def test_a_location_after_a_service_that_is_not_one_per_place_gives_that_service(engine):
    state = ask(engine, "j'ai trop de dettes, qui peut m'aider ?").state
    reply = engine.answer(Incoming(location=(49.5, 5.98)), state)  # Esch: debt advice is one for the country
    assert reply.kind == "nearest" and reply.services == ("surendettement",)


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("boxe gratuite pour les jeunes ?", "il faut des gants ?", "streetsport"),
        ("ech hu Scholden a brauch Berodung", "schwätzen déi och Portugisesch?", "surendettement"),
    ],
)
def test_a_short_turn_naming_no_other_need_is_about_the_service_just_given(engine, first, follow_up, expected):
    reply = ask(engine, follow_up, ask(engine, first).state)
    assert reply.kind == "detail" and reply.services[0] == expected


def test_asking_which_languages_they_speak_is_about_the_service_not_the_association(engine):
    state = ask(engine, "Escher Kannervilla").state
    reply = ask(engine, "do they speak english there", state)
    assert reply.kind == "detail" and reply.services[0] == "foyer-kannervilla"


@pytest.mark.parametrize("thanks", ["merci mon frère, bonne journée", "top merci pour les infos"])
def test_thanks_mid_conversation_is_small_talk_though_a_word_matches_something(engine, thanks):
    state = ask(engine, "aide aux dettes").state
    assert ask(engine, thanks, state).kind == "smalltalk"


@pytest.mark.parametrize("okay", ["ok nickel", "ok nickel chrome", "okay sounds good"])
def test_an_ok_and_a_word_of_small_talk_after_a_service_acknowledges_it(engine, okay):
    """Not a question about the service given: its card again would answer nothing that was asked."""
    state = ask(engine, "aide aux dettes").state
    assert ask(engine, okay, state).kind == "smalltalk"


@pytest.mark.parametrize("going_on", ["ok pour ma femme aussi", "ok et le samedi"])
def test_an_ok_before_someone_else_or_a_detail_goes_on_about_the_service(engine, going_on):
    state = ask(engine, "aide aux dettes").state
    reply = ask(engine, going_on, state)
    assert reply.kind != "smalltalk" and reply.services[0] == "surendettement"


@pytest.mark.parametrize("other", ["maison des jeunes", "Jugendhaus?", "et une maison relais ?"])
def test_a_short_turn_naming_another_kind_of_service_is_that_kind(engine, other):
    reply = ask(engine, other, ask(engine, "où aide aux dettes?").state)
    assert reply.kind != "detail" and "surendettement" not in reply.services


def test_the_associations_own_words_asked_mid_conversation_are_about_the_service(engine):
    state = ask(engine, "aide aux dettes").state
    assert ask(engine, "il faut venir avec quelqu'un ?", state).services[0] == "surendettement"
    # ...unless the association is asked for by its own words
    assert ask(engine, "c'est quoi le numéro du siège de l'association ?", state).services[0] == "inter-actions"


def test_a_long_story_that_fits_a_little_asks_which_rather_than_giving_up(engine):
    text = (
        "Hallo, ich bin neu hier und suche irgendwas wo man Leute kennenlernt, meine Kinder sind schon gross "
        "und ich bin oft allein zu Hause"
    )
    reply = ask(engine, text)
    assert reply.kind == "clarify" and len(reply.services) >= 2


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("ecotec recrute des jeunes ?", "c'est un CDD ?", "ecotec"),  # contracts are Polygone's words too
        (
            "cours de français pour adultes au quartier Italie à Dudelange",
            "ya des ateliers couture ?",
            "community-italie-schmelz",
        ),
    ],
)
def test_a_short_turn_fitting_another_service_of_the_same_kind_is_about_the_one_given(
    engine, first, follow_up, expected
):
    state = ask(engine, first).state
    assert state.last_service == expected
    reply = ask(engine, follow_up, state)
    assert reply.kind == "detail" and reply.services[0] == expected


def test_thanks_with_a_word_more_is_small_talk_not_a_question_about_the_service(engine):
    assert ask(engine, "cheers mate", ask(engine, "ecotec recrute des jeunes ?").state).kind == "smalltalk"


def test_a_need_of_ours_told_with_a_partners_word_is_not_referred_away(engine):
    # "unemployed" is the job office's word; a young person with no qualifications is ours (job insertion).
    reply = ask(engine, "unemployed and 19, no diploma, do you help young people find work?")
    assert reply.referral is None and reply.kind in ("answer", "clarify")


def test_a_short_turn_understood_as_nothing_is_about_the_service_being_talked_about(engine):
    state = ask(engine, "winter shelter findel").state
    reply = ask(engine, "my friend is shy, she doesnt speak french", state)
    assert reply.kind == "detail" and reply.services[0] == "wanteraktioun"


@pytest.mark.parametrize(
    ("first", "then", "previous"),
    [
        (
            "où aide aux dettes?",
            "autre question, mon petit frère de 15 ans traîne toujours dehors à Bonnevoie",
            "surendettement",
        ),
        (
            "abrigo de inverno para dormir",
            "outra coisa, o meu filho de 14 anos anda sempre na rua em Esch sem fazer nada",
            "wanteraktioun",
        ),
    ],
)
def test_a_new_story_told_with_a_place_is_not_the_last_topic_at_that_place(engine, first, then, previous):
    state = ask(engine, first).state
    assert state.last_service == previous
    assert previous not in ask(engine, then, state).services


def test_help_as_a_verb_does_not_stop_a_follow_up(engine):
    state = ask(engine, "maison des jeunes gasperich").state
    reply = ask(engine, "can they help with my homework", state)
    assert reply.kind == "detail" and reply.services[0] == "mj-gasperich"


@pytest.mark.parametrize(
    ("first", "given", "elsewhere"),
    [
        # a detail word ("inscription") in it: no detail of the service given
        ("ech sichen eng Aarbecht am Gaardebau fir Jonker", "polygone", "how do I register with ADEM as a job seeker?"),
        ("ech sichen eng Aarbecht am Gaardebau fir Jonker", "polygone", "comment je fais l'inscription à l'ADEM ?"),
        # a place in it: no place follow-up of the chat's topic
        ("maison relais à Esch ?", "foyer-kannervilla", "a wien huet gëschter gewonnen, Lëtzebuerg géint Portugal?"),
        ("maison relais à Esch ?", "foyer-kannervilla", "boulangerie ouverte dimanche à Bonnevoie ?"),
    ],
)
def test_a_question_asked_elsewhere_mid_conversation_is_neither_a_detail_nor_a_place_follow_up(
    engine, first, given, elsewhere
):
    state = ask(engine, first).state
    assert state.last_service == given
    reply = ask(engine, elsewhere, state)
    assert reply.kind == "fallback" and not reply.services


def test_a_place_alone_still_follows_the_topic_after_a_question_asked_elsewhere(engine):
    state = ask(engine, "maison relais à Esch ?").state
    state = ask(engine, "boulangerie ouverte dimanche à Bonnevoie ?", state).state
    assert ask(engine, "et à Dudelange ?", state).services[0] == "mr-diddelfamill"


def test_after_which_of_these_words_of_a_need_choose_and_a_bare_detail_is_about_the_first(engine):
    # the state a choice leaves ("mon fils de 17 ans a arrêté l'école et traîne dehors": work, a youth house, the
    # street workers), made here: which messages get a choice depends on the models
    offered = ChatState(lang="fr", last_service="polygone", last_topic="work", choosing=True)
    chosen = ask(engine, "c'est surtout pour quelqu'un qui va le voir dans la rue", offered)
    assert chosen.services[0] == "streetwork" and not chosen.state.choosing
    state = ChatState(lang="lb", last_service="polygone", last_topic="work", choosing=True)
    assert ask(engine, "hien interesséiert sech vill fir Computeren", state).services[0] == "schlaifmillen"
    bare = ask(engine, "c'est gratuit ?", offered)
    assert bare.kind == "detail" and bare.services[0] == "polygone"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        # an age the kind of service given is not for: the kind made for it, near the same place
        (
            "maison des jeunes à Bonnevoie",
            "et sa petite sœur a 5 ans, il y a quelque chose pour elle ?",
            "foyer-pinocchio",
        ),
        ("maison relais à Dudelange", "and for her big brother, he is 14 years old?", "mj-leudelange"),
        # no age word: a small number just after a child or relative
        ("maison des jeunes à Bonnevoie", "meng Schwëster ass 6, gëtt et do eppes fir hatt?", "foyer-pinocchio"),
        ("maison relais à Dudelange", "o meu filho tem 14, há alguma coisa para ele?", "mj-leudelange"),
        # the older or younger one of several children
        ("daycare in Weimershof for my 3 yo", "my older one is 12, anything for him in neudorf?", "mj-neudorf"),
        ("maison des jeunes à Bonnevoie", "an de Jéngsten ass 4, wat gëtt et fir hien?", "foyer-pinocchio"),
        # an age it is for, or the service named by its own words: still about the service given
        ("maison des jeunes à Bonnevoie", "mäi Bouf ass 15 Joer, dierf hien do hi goen?", "mj-bonnevoie"),
        ("maison des jeunes à Bonnevoie", "is the youth house ok for a 10 year old?", "mj-bonnevoie"),
    ],
)
def test_an_age_said_mid_conversation_asks_for_the_kind_of_service_made_for_it(engine, first, then, expected):
    state = ask(engine, first).state
    assert ask(engine, then, state).services[0] == expected


def test_a_number_before_the_relative_or_beyond_young_ages_is_no_age(engine):
    assert engine._age(engine.normalize("ech hunn 2 Kanner").words) is None
    assert engine._age(engine.normalize("mon fils doit 300 euros").words) is None
    assert engine._age(engine.normalize("my kid is 7").words) == 7


@pytest.mark.parametrize(
    "text", ["für meinen Sohn (1. Klasse)", "mäi Jong 2. Klass", "ma fille en 3 classe", "my son, 4 grade"]
)
def test_a_school_year_after_a_child_is_no_age(engine, text):
    """languages.yaml `school_years`: "1. Klasse" is a school child, not a baby of one year."""
    words = engine.normalize(text).words
    assert engine._age(words) is None and not engine._ages(words)


def test_a_number_after_a_school_cycle_is_no_age_before_an_age_word(engine):
    """Luxembourgish "an" (and) is French "an" (year): "am Cycle 2 an ech schaffen" says no child of two."""
    assert not engine._ages(engine.normalize("mäi Meedchen ass am Cycle 2 an ech schaffe bis 6").words)


def test_a_school_year_said_does_not_send_a_school_child_to_a_creche(engine):
    reply = ask(engine, "mäi Jong 2. Klass brauch eng Betreiung no der Schoul zu Diddeleng")
    assert reply.services[0] == "mr-diddelfamill"


def test_a_need_of_the_same_kind_with_no_place_named_is_near_the_service_given(engine):
    state = ask(engine, "crèche à Mersch pour mon bébé").state
    assert state.last_service == "garderie-klengt-butzenhaus"
    reply = ask(engine, "and for her brother, something after school?", state)
    assert reply.services[0] in (
        "garderie-klengt-butzenhaus",
        "mr-krounebierg",
        "mr-wisestrooss",
        "foyer-butzenhaus-rolleng",
    )


def test_another_offer_of_the_kind_at_the_same_place_is_another_need(engine):
    # the maisons relais of Mersch are different offers at one place (one is for school cycles 3 and 4)...
    state = ask(engine, "Moien, mir wunnen zu Miersch a sichen eppes fir eis Kanner no der Schoul").state
    assert state.last_service == "mr-wisestrooss"
    reply = ask(engine, "de Grousse ass am Cycle 3, wou geet deen dann hin?", state)
    assert reply.kind == "answer" and reply.services[0] == "mr-krounebierg"
    # ...and the next question is about that one
    assert ask(engine, "a wéi eng Telefonsnummer hu si?", reply.state).services[0] == "mr-krounebierg"


def test_the_same_offer_elsewhere_is_no_other_need(engine):
    match = engine.understand(engine.normalize("maison des jeunes bonnevoie"), ChatState()).best
    assert match.service_id == "mj-bonnevoie"
    assert not engine._other_need(match, "mj-gare")  # another youth house: the same offer elsewhere
    sibling = engine.understand(engine.normalize("maison relais cycle 3 4 krounebierg mersch"), ChatState()).best
    assert sibling.service_id == "mr-krounebierg"
    assert engine._other_need(sibling, "mr-wisestrooss")  # another offer at the same place


@pytest.mark.parametrize(
    "text", ["merci, c'est gratuit ?", "ok merci et c'est ouvert le samedi matin ?", "thx! do i need to book?"]
)
def test_thanks_around_a_question_about_the_service_given_is_the_question(engine, text):
    state = ChatState(lang="fr", last_service="mj-gare", last_topic="youth")
    reply = engine.answer(Incoming(text=text), state)
    assert reply.kind == "detail" and reply.services[0] == "mj-gare"


@pytest.mark.parametrize(
    "text", ["merci beaucoup, bonne soirée", "merci pour le numéro, bonne journée", "ok merci. a plus"]
)
def test_mere_thanks_after_a_service_stay_small_talk(engine, text):
    state = ChatState(lang="fr", last_service="mj-gare", last_topic="youth")
    assert engine.answer(Incoming(text=text), state).kind == "smalltalk"


def test_a_need_of_another_kind_said_with_a_detail_is_that_need_not_a_follow_up(kb, model_store):
    from bot.core.engine import Engine
    from bot.core.thresholds import Thresholds

    # every turn in the band where the follow-up reading alone does not decide
    engine = Engine(kb, thresholds=Thresholds(follow_up_share=0.0, follow_up_sure=1.01), model_store=model_store)
    state = ChatState(lang="en", last_service="mj-gasperich", last_topic="youth")
    text = "he did boxing back in porto and misses it a lot, is there something free for that?"
    reply = engine.answer(Incoming(text=text), state)
    assert reply.kind == "answer" and reply.services[0] == "streetsport"
    reply = engine.answer(Incoming(text="is it free for him?"), state)
    assert reply.kind == "detail" and reply.services[0] == "mj-gasperich"


@pytest.mark.parametrize(
    ("given", "topic", "text", "expected"),
    [
        # another offer of the same kind of help, named by its name or fitting its questions surely
        ("consultation-socio-pedagogique", "work", "bei Polygone, wéi vill Stonnen ass de Kontrakt?", "polygone"),
        ("consultation-socio-pedagogique", "work", "et chez Polygone, le contrat c'est combien d'heures ?", "polygone"),
        ("chance-geint-gewalt", "street", "hutt dir och eppes mat Sport, Boxen oder sou, fir d'Jongen?", "streetsport"),
        # ... or only fitting it best, with a detail word ("free"): another offer, not the same one elsewhere
        (
            "chance-geint-gewalt",
            "street",
            "my son loves football, are there free training sessions for teenagers?",
            "streetsport",
        ),
    ],
)
def test_another_offer_of_the_same_topic_is_a_new_need_not_a_detail(engine, given, topic, text, expected):
    state = ChatState(lang="fr", last_service=given, last_topic=topic)
    reply = ask(engine, text, state)
    assert reply.kind == "answer" and reply.services[0] == expected


def test_a_new_need_told_like_a_question_about_the_service_given_is_that_need(engine):
    state = ask(engine, "je cherche une maison des jeunes à Bonnevoie pour mon fils de 14 ans").state
    assert state.last_service == "mj-bonnevoie"
    # the follow-up reading is sure, but the words are all of neighbourhood work (courses for adults)
    reply = ask(engine, "et moi, la maman, je voudrais apprendre le français, il y a des cours aussi ?", state)
    assert reply.kind == "answer" and reply.services[0].startswith("community-")
    # a detail asked with other words is still about the youth house
    reply = ask(engine, "c'est gratuit pour les jeunes de 15 ans ?", state)
    assert reply.kind == "detail" and reply.services[0] == "mj-bonnevoie"


def test_a_detail_asked_in_the_associations_phrases_is_about_the_service_given(engine):
    state = ChatState(lang="lb", last_service="foyer-obenthalt", last_topic="housing")
    reply = ask(engine, "kann ech direkt uruffen, hutt dir eng Nummer?", state)
    assert reply.kind == "detail" and reply.services[0] == "foyer-obenthalt"


def test_the_place_the_person_named_is_where_a_later_need_of_a_kind_per_place_is_looked_for(engine):
    first = ask(engine, "a minha filha quer fazer break dance, onde são os ateliers? nós moramos em Bonnevoie")
    assert first.state.place and first.state.place.startswith("Bonnevoie")
    reply = ask(engine, "e eu queria aprender francês, há cursos aqui no bairro?", first.state)
    assert reply.kind == "answer" and reply.services[0] == "community-gare-bonnevoie"
    assert reply.state.place == first.state.place  # kept until another place is named


def test_a_service_given_before_the_last_is_asked_about_again_when_its_kind_is_named(engine):
    state = ask(engine, "my son (15) needs a youth house in Bonnevoie").state
    state = ask(engine, "and I have debts, can someone help?", state).state
    assert state.last_service == "surendettement" and state.earlier == ("mj-bonnevoie",)
    assert ChatState.from_dict(json.loads(json.dumps(state.to_dict()))) == state  # as the stores keep it
    reply = ask(engine, "is the youth house open on sundays?", state)
    assert reply.kind == "detail" and reply.services == ("mj-bonnevoie",)
    assert reply.state.earlier == ("surendettement",)  # and back again: "and the debt advice, is it free?"


def test_the_associations_own_phrases_ask_about_the_last_service_not_an_earlier_one(engine):
    state = ChatState(lang="de", last_service="surendettement", last_topic="debts", earlier=("inter-actions",))
    reply = ask(engine, "Muss er selbst hinkommen oder kann ich für ihn anrufen?", state)
    assert reply.kind == "detail" and reply.services == ("surendettement",)


def test_a_remembered_place_survives_the_store_and_is_never_a_shared_location(engine):
    state = ask(engine, "je cherche une maison des jeunes, on habite à Gasperich").state
    assert ChatState.from_dict(state.to_dict()) == state and state.place == "Gasperich"
    after = engine.nearest((49.6, 6.12), state)  # a location shared: answered, not remembered
    assert after.state.place == "Gasperich"


@pytest.mark.parametrize(
    "text",
    [
        "ok obrigado, vou falar com ele",
        "ok merci, ech schwätzen mat hir",
        "merci beaucoup vous etes gentil, je vais en parler a mon fils ce soir",
    ],
)
def test_thanks_and_talking_it_over_at_home_is_small_talk_not_asking_for_a_person(engine, text):
    state = ask(engine, "où trouver de l'aide pour mes dettes ?").state
    assert ask(engine, text, state).kind == "smalltalk"


def test_how_to_apply_is_a_detail_of_the_service_given(engine):
    state = ChatState(lang="en", last_service="foyer-obenthalt", last_topic="housing")
    reply = ask(engine, "how does the admission work, do we send an application ourselves?", state)
    assert reply.kind == "detail" and reply.services[0] == "foyer-obenthalt"


def test_mid_conversation_a_story_fitting_another_kind_a_little_asks_which(kb, model_store):
    from bot.core.engine import Engine
    from bot.core.thresholds import Thresholds

    # every fit below min_score here: what the decision does with a story that fits youth houses a little
    strict = Engine(kb, thresholds=Thresholds(min_score=0.9, not_ours_below=0.9), model_store=model_store)
    state = ChatState(lang="fr", last_service="surendettement", last_topic="debts")
    text = "autre chose, mon petit frère de 15 ans traîne tous les soirs dehors, vous avez une maison des jeunes ?"
    reply = ask(strict, text, state)
    assert reply.kind == "clarify" and reply.services[0].startswith("mj-")


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        (
            "ma fille de 7 ans a besoin d'une maison relais à Dudelange après l'école",
            "c'est payant ? je touche que le chômage et je rembourse déjà un crédit pour la voiture",
            "mr-diddelfamill",
        ),
        (
            "mäi Jong ass 15, gëtt et e Jugendhaus zu Sandweiler?",
            "kascht dat eppes? mir hu Scholden bei der Bank an d'Suen ass knapp",
            "mj-sandweiler",
        ),
        (  # the reasons read like what people ask elsewhere (the ADEM, a tax class): still the price asked
            "we just moved to Leudelange, my son is 14, is there a youth club?",
            "is it free? i only get unemployment money from the adem and my tax class changed",
            "mj-leudelange",
        ),
        (
            "maison relais à Limpertsberg pour ma fille de 6 ans ?",
            "c'est payant ? j'attends encore les allocations familiales de la CAE",
            "mr-babbeltiermchen",
        ),
    ],
)
def test_a_detail_question_followed_by_why_it_is_asked_is_about_the_service_given(engine, first, follow_up, expected):
    """The reasons' money words read like debt advice; the question is the price of the service given."""
    given = ask(engine, first)
    assert given.services[0] == expected
    reply = ask(engine, follow_up, given.state)
    assert reply.kind == "detail" and reply.services[0] == expected


@pytest.mark.parametrize(
    "where", ["et leur bureau, il est où exactement ?", "a wou ass hire Büro?", "o escritório é onde?"]
)
def test_asking_where_the_office_is_asks_about_the_service_given(engine, where):
    """The office of the service given, not the association's head office."""
    given = ask(engine, "j'ai des dettes, qui peut m'aider ?")
    reply = ask(engine, where, given.state)
    assert reply.kind == "detail" and reply.services[0] == "surendettement"


def test_a_short_word_before_a_place_is_its_preposition_not_a_detail_asked(engine):
    state = ask(engine, "moien, ass am Pafendall e Jugendhaus?").state
    moving = ask(engine, "a wa mir op Esch plënneren? gëtt et do och sou eppes?", state)
    assert moving.kind != "detail" and moving.services[0] in engine.kb.topic("youth").services
    assert moving.services[0] != "mj-pfaffenthal"
    assert ask(engine, "wéini ass et op?", state).kind == "detail"  # "op" alone still asks when it is open


@pytest.mark.parametrize(
    ("first", "place"),
    [
        ("Wir suchen einen Krippenplatz für unsere Tochter (14 Monate).", "Bertrange"),
        ("procuro creche pro menino de 1 ano e meio perto de Strassen", "e em Mamer?"),
    ],
)
def test_a_place_asked_next_is_for_the_child_of_the_age_said_before(engine, first, place):
    """No maison relais (school children) for a baby, though one is nearer the place asked next: the chat keeps
    which services the age said sets apart (their ids, never the age)."""
    state = ask(engine, first).state
    assert state.apart and all(engine._routing_ages[s][0] > 1 for s in state.apart)
    reply = ask(engine, place, state)
    assert reply.services and reply.services[0] not in state.apart
    assert ChatState.from_dict(json.loads(json.dumps(reply.state.to_dict()))) == reply.state


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("je dors dehors et il fait très froid, un abri pour la nuit ?", "et après l'hiver, je vais où ?"),
        ("ech schlofen am Auto an et freiert, wou kann ech pennen?", "an no dem Wanter? wann et zou mecht?"),
        ("sleeping rough in this cold, is there a winter shelter?", "and when winter is over, what then?"),
        ("abrigo de inverno para dormir", "e quando fechar, onde fico?"),
    ],
)
def test_after_the_winter_shelter_its_seasons_end_asks_for_a_place_open_all_year(engine, first, then):
    state = ask(engine, first).state
    assert state.last_service == "wanteraktioun"
    reply = ask(engine, then, state)
    assert reply.kind == "answer" and reply.services == ("foyer-obenthalt",)


@pytest.mark.parametrize(
    "then", ["a que horas fecha?", "until when is it open? till march?", "c'est ouvert en avril ?"]
)
def test_its_hours_or_dates_asked_are_still_about_the_winter_shelter(engine, then):
    state = ask(engine, "abrigo de inverno para dormir").state
    reply = ask(engine, then, state)
    assert reply.services[0] == "wanteraktioun"


def test_a_seasons_end_said_after_a_service_open_all_year_changes_nothing(engine):
    state = ask(engine, "où aide aux dettes?").state
    assert ask(engine, "et après l'hiver ?", state).services[:1] != ("foyer-obenthalt",)


def test_the_seasons_end_asked_after_another_service_still_asks_after_the_winter_shelter(engine):
    state = ask(engine, "abrigo de inverno para dormir").state
    state = ask(engine, "e o meu filho de 20 anos procura trabalho nas obras", state).state
    assert state.last_service != "wanteraktioun"
    assert ask(engine, "e depois do inverno, onde ficamos?", state).services == ("foyer-obenthalt",)


@pytest.mark.parametrize(
    ("first", "then", "lang"),
    [
        ("abrigo de inverno para dormir", "desculpa o meu inglês é fraco, posso escrever em português?", "pt"),
        ("maison relais à Dudelange", "kann ech op Lëtzebuergesch schreiwen? mäi Franséisch ass net gutt", "lb"),
        ("help with debts", "Kann ich auf Deutsch schreiben? Mein Englisch ist nicht gut", "de"),
        ("Schuldenberatung bitte", "can I write in English? my German is not great", "en"),
    ],
)
def test_asking_to_write_in_a_language_is_answered_yes_in_that_language(engine, first, then, lang):
    reply = ask(engine, then, ask(engine, first).state)
    assert reply.kind == "smalltalk" and reply.lang == lang
    assert reply.state.lang == lang and reply.state.lang_chosen


@pytest.mark.parametrize(
    "then",
    [
        "posso escrever em português? até que horas abre?",  # a detail asked too: about the shelter
        "posso escrever em português? posso levar o meu cão?",  # two questions: the other is about the shelter
        "ils parlent portugais là-bas ?",  # the languages the service speaks
    ],
)
def test_a_language_asked_with_a_question_about_the_service_is_that_question(engine, then):
    reply = ask(engine, then, ask(engine, "abrigo de inverno para dormir").state)
    assert reply.kind == "detail" and reply.services[0] == "wanteraktioun"
