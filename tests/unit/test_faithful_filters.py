"""Rewrites that keep every number but change the problem, checked without a model: the scope filter's binding
words, what is asked, number words, added qualifiers and cut modifiers, the arithmetic-only program
evaluator; and the hand-labelled sets as a regression: no faithful rewrite of them is rejected by scope, and
it keeps rejecting what it rejects in the hard set."""

from __future__ import annotations

from pathlib import Path

import pytest

from remake.files import read_jsonl
from remake.filters import Candidate
from remake.filters.leak import check_leak
from remake.filters.number_words import in_digits
from remake.filters.numbers import quantities
from remake.filters.program import Unreadable, run_program
from remake.filters.quantities import check_quantities
from remake.filters.referents import check_referents
from remake.filters.scope import check_scope
from remake.filters.similarity import asked_parts
from remake.filters.wording import BOTH_WAYS
from remake.filters.words import stem

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


def values(text: str) -> list[set[float]]:
    return [set(q.values) for q in quantities(text) if q.kind == "quantity"]


def test_numbers_written_as_words_are_the_same_quantities():
    assert values("She baked one hundred twenty rolls") == [{120.0}]
    assert values("two thousand and five people") == [{2005.0}]
    assert values("one and a half hours") == [{1.5}] and values("two and three quarters") == [{2.75}]
    assert values("two-thirds of them") == [{round(2 / 3, 6)}] and values("a fifth of it") == [{0.2}]
    assert values("seventy-five percent") == [{75.0, 0.75}] and values("half a dozen eggs") == [{6.0}]
    assert values("1 1/2 cups and 2½ cups") == [{1.5}, {2.5}]
    assert values("in an hour and a half") == [{1.5}] and values("two miles and a half") == [{2.5}]
    assert in_digits("It takes an hour and a half.") == "It takes 1.5 hours."
    assert values("the third day") == []  # an ordinal, not a fraction
    original = Candidate("n", "A baker makes 120 rolls and sells 2/3 of them in 1.5 hours.", "", "40")
    for rewrite in ("A baker makes one hundred twenty rolls and sells two-thirds of them in one and a half hours.",
                    "A baker makes a hundred and twenty rolls and sells two thirds of them in 1 1/2 hours."):
        assert check_quantities(Candidate("n", original.question, rewrite, "40"), True, 0)["passed"] is True
    wrong = Candidate("n", original.question, "A baker makes one hundred rolls and sells two-thirds of them in "
                                              "one and a half hours.", "40")
    assert check_quantities(wrong, True, 0)["passed"] is False


# each keeps every number; the scope words around them, or what is asked, changed (none is in the hard set)
UNFAITHFUL = [
    ("A pump moves 12 liters per second for 30 seconds. How many liters does it move?",
     "A pump moves 12 liters in 30 seconds. How many liters does it move?", "lost rate"),
    ("Each of the 4 teams has 9 players. How many players are there?",
     "The 4 teams have 9 players in total. How many players are there?", "gained total"),
    ("Zoe has 5 times as many shells as Ian. Ian has 7 shells. How many shells does Zoe have?",
     "Zoe has 5 more shells than Ian. Ian has 7 shells. How many shells does Zoe have?", "lost multiplier"),
    ("Dan is 4 years younger than Eve, who is 30. How old is Dan?",
     "Dan is 4 years older than Eve, who is 30. How old is Dan?", "lost down"),
    ("The gym is open from Tuesday to Saturday, 6 hours a day. How many hours is it open in a week?",
     "The gym is open on Tuesday and Saturday, 6 hours a day. How many hours is it open in a week?", "range"),
    ("A boat holds 6 people, not counting the captain. How many boats carry 30 tourists?",
     "A boat holds 6 people, counting the captain. How many boats carry 30 tourists?", "inclusion flipped"),
    ("Rent is $900 per month and food is $300 per week. How much is spent in 4 weeks on food?",
     "Rent is $900 per month and food is $300 per day. How much is spent in 4 weeks on food?", "a rate is per"),
    ("Ann buys 2 kilograms of rice and 5 kilograms of flour at $3 per kilogram of rice and $2 per kilogram of "
     "flour. What does she pay?", "Ann buys 5 kilograms of rice and 2 kilograms of flour at $3 per kilogram of rice "
     "and $2 per kilogram of flour. What does she pay?", "swapped what they count"),
    ("Max earns $12 an hour for 10 hours and spends $40. How much does he keep left?",
     "Max earns $12 an hour for 10 hours and spends $40. How much does he spend?", "asks"),
    ("A hike takes 3 hours. How many minutes is it?", "A hike takes 3 hours. How many seconds is it?", "asks for"),
    ("The bus leaves at 8 a.m. and returns at 2 p.m. How long is the trip in hours?",
     "The bus leaves at 8 p.m. and returns at 2 p.m. How long is the trip in hours?", "a.m."),
    ("She keeps 1/3 of her 90 stamps and then sells 10. How many does she keep?",
     "She sells 10 of her 90 stamps and keeps 1/3 of the remaining stamps. How many does she keep?", "remainder"),
    ("A crate holds 40 apples. One crate costs $25. What do 3 crates cost?",
     "A crate holds 40 apples. The crates cost $25. What do 3 crates cost?", "'one crate' is gone"),
    ("The ticket is non-refundable and costs $80. 2 friends buy one each. What do they spend?",
     "The ticket is refundable and costs $80. 2 friends buy one each. What do they spend?", "negated"),
    ("Candles come in boxes of 10 at $8 a box. How much do 50 candles cost?",
     "Candles cost $8 each and come in boxes of 10. How much do 50 candles cost?", "lost 'per box'"),
    ("A jug is 2/3 full and holds 9 liters when full. How many liters are in it?",
     "A jug is 2/3 empty and holds 9 liters when full. How many liters are in it?", "opposite"),
    ("Tia had 40 marbles and lost 12. She found 5. How many marbles does she have?",
     "Tia had 40 marbles and lost 12. She found 5 buttons. How many marbles does she have?", "5 now counts button"),
    ("A club of 6 groups sold 50 raffle tickets in total. How many tickets were sold?",
     "A club of 6 groups sold 50 raffle tickets in each group. How many tickets were sold?", "gained rate"),
    ("A tree is watered every other day for 30 days with 4 liters. How much water does it get?",
     "A tree is watered every day for 30 days with 4 liters. How much water does it get?", "'every other'"),
    ("A ferry leaves at 7 a.m. and docks at 11 a.m. How many hours is the crossing?",
     "A ferry leaves at 7 a.m. and docks at 11 a.m. the following morning. How many hours is the crossing?",
     "'the next day'"),
    ("A square garden has sides of 7 meters. What is its perimeter?",
     "A square garden has sides of 7 meters. What is its area?", "asks 'area' instead of 'perimeter'"),
    ("A van carries 9 boxes and 4 crates. How many boxes does it carry in 3 trips?",
     "A van carries 9 boxes and 4 crates. How many crates does it carry in 3 trips?", "asks for crate instead of box"),
    ("A farm has 12 cows and 30 hens. How many hens are there after 5 more hatch?",
     "A farm has 12 cows and 30 hens. How many cows are there after 5 more hatch?", "asks about cow instead of hen"),
    ("Ivy has 3 times as many pens as Bo, who has 8. How many pens do they have together?",
     "Ivy has 3 times as many pens as Bo, who has 8. How many more pens does Ivy have than Bo?",
     "asks 'compare' instead of 'total'"),
    ("Rita has spent $40 of her $100. She spends $15 more. How much has she spent?",
     "Rita has $40 left of her $100. She spends $15 more. How much has she spent?", "gained remainder"),
    ("Of 40 pupils, 25% are seniors. Half of the seniors walk to school. How many seniors walk?",
     "Of 40 pupils, 25% are seniors. Half of the pupils walk to school. How many seniors walk?",
     "lost 'of the senior'"),
    ("Ben has 20 stamps. He gives 6 to Sue and 2 to Kim. How many stamps did Sue get?",
     "Ben has 20 stamps. He gives 6 to Kim and 2 to Sue. How many stamps did Sue get?",
     "'kim' and 'sue' swapped places"),
    ("Nora is 3 times as tall as her nephew. Her nephew is 50 cm tall. How tall will Nora be with a 10 cm hat?",
     "Nora's nephew is 3 times as tall as she is. Her nephew is 50 cm tall. How tall will Nora be with a 10 cm hat?",
     "the comparison of nora with nephew now runs the other way"),
    ("A shop has 60 mugs. It sells half of them and then gets 20 more. How many mugs does it have?",
     "A shop has 60 mugs. It gets 20 more and then sells half of them. How many mugs does it have?",
     "the steps with half and 20 are taken in the other order"),
    ("A hotel has 40 rooms with 2 beds each, and 6 rooms are being painted. How many beds are in the free rooms?",
     "A hotel has 40 rooms with 2 beds each, and 6 rooms are being painted. How many beds are in the hotel's rooms?",
     "the question no longer counts only the free rooms"),
    ("The 4 cats are fed. Each cat gets 3 treats in the morning. How many treats is that in 5 days?",
     "The 4 cats are fed. Together the cats get 3 treats in the morning. How many treats is that in 5 days?",
     "3 gained total words"),
    ("A jar has 10 green beads and 6 yellow beads. If 3 green beads are taken out, what share of the beads is "
     "yellow?", "A jar has 10 green beads and 6 yellow beads. If 3 yellow beads are taken out, what share of the "
     "beads is yellow?", "3 now counts yellow bead, not green bead"),
    ("She runs 6 laps, resting 20 seconds after each lap except the last. How long is the workout?",
     "She runs 6 laps, resting 20 seconds after each lap. How long is the workout?", "the exception 'except' is gone"),
    ("Lou is 5 years older than Kai. In 4 years their ages will sum to 30. How old is Lou?",
     "Lou is 5 years older than Kai. 4 years ago their ages summed to 30. How old is Lou?", "'ago' said 0 times"),
    # a count made a percent; named days for a group of days; a trip made both ways; the asked state, days or
    # person changed; a number's group traded for another of the problem's groups
    ("A shop has 80 lamps. It sells 20 of them on Friday. How many are left?",
     "A shop has 80 lamps. It sells 20% of them on Friday. How many are left?", "20 gained percent"),
    ("Ivy practises 40 minutes on weekdays and 90 minutes on Sundays. How long does she practise in a week?",
     "Ivy practises 40 minutes on Tuesdays and 90 minutes on Sundays. How long does she practise in a week?",
     "a rate is per tuesday instead of per weekday"),
    ("Raj jogs 4 km on each weekend day. How far does he jog in 3 weeks?",
     "Raj jogs 4 km every weekend. How far does he jog in 3 weeks?", "a rate is per weekend instead of per day"),
    ("A bus drives 35 km to the lake. How many km does it drive in 6 trips?",
     "A bus drives 35 km to the lake and back. How many km does it drive in 6 trips?",
     "a trip both ways is said in the rewrite only"),
    ("A bus has 50 seats and 38 passengers are seated. How many seats are empty?",
     "A bus has 50 seats and 38 passengers are seated. How many seats are occupied?", "'empty' -> 'occupied'"),
    ("Ana sold 12 cakes on Friday and 9 cakes on Saturday at $4 each. How much did she make in the two days?",
     "Ana sold 12 cakes on Friday and 9 cakes on Saturday at $4 each. How much did she make on Saturday?",
     "asks about saturday only"),
    ("Mia is 4 years older than her cousin. Together they are 30 years old. How old is Mia?",
     "Mia is 4 years older than her cousin. Together they are 30 years old. How old is her cousin?",
     "asks about cousin instead of mia"),
    ("A club has 40 members, 15 play chess and the rest play cards. Of the card players, 10 are adults. How many "
     "card players are children?", "A club has 40 members, 15 play chess and the rest play cards. Of the chess "
     "players, 10 are adults. How many card players are children?", "10 now counts chess player, not card player"),
    ("A cabinet has 4 shelves with 6 dolls on each shelf. Each doll has 3 ribbons. How many ribbons are there?",
     "A cabinet has 4 shelves with 6 dolls on each shelf. Each shelf has 3 ribbons. How many ribbons are there?",
     "'each shelf' instead of 'each doll'"),
    ("Leo has 4 times as many cards as Max. Together they have 60 cards. How many cards does Leo have?",
     "Leo has 4 times as many cards as Max. Together they have 60 cards. How many more cards does Leo have than Max?",
     "asks 'compare' instead of 'an amount'"),
    ("A jug has 5 liters of juice and 3 liters of water. Tom drinks 2 liters of juice. How many liters of juice "
     "are left?", "A jug has 5 liters of juice and 3 liters of water. Tom drinks 2 liters of juice. How much water "
     "is left?", "asks for water instead of liter"),
    ("A cafe sells 40 muffins each morning. How many muffins does it sell in 2 weeks?",
     "A cafe sells 40 muffins each weekday morning. How many muffins does it sell in 2 weeks?",
     "a rate is per weekday morning instead of per morning"),
    # a count past which a charge applies; a price for a group made a price each; what each one does said of
    # them together; a multiple of one thing made a multiple of the total
    ("A gym charges $30 a month plus $2 for each class over 8. Dan takes 12 classes. What does he pay?",
     "A gym charges $30 a month plus $2 for each class. Dan takes 12 classes, 8 of them with a friend. What does "
     "he pay?", "8 lost up words"),
    ("A shop sells socks in bundles of 3 for $5. Ann needs 12 socks. How much does she spend?",
     "A shop sells socks for $5 each, in bundles of 3. Ann needs 12 socks. How much does she spend?",
     "'per bundle'"),
    ("A farm has 12 workers. Each worker picks 40 apples an hour. How many apples do the workers pick in 3 hours?",
     "A farm has 12 workers. Working together, the workers pick 40 apples an hour. How many apples do the workers "
     "pick in 3 hours?", "what each worker does is said of them together"),
    ("Zoe spent $30 on a hat and three times that on a coat. How much did she spend?",
     "Zoe spent $30 on a hat, and three times that on the hat and coat together. How much did she spend?",
     "three gained total words"),
    # the question asks about another time, one person instead of the group, or all of a kind it named
    ("Sam is 6 years younger than Kim. In 4 years, Kim will be 20. How old is Sam now?",
     "Sam is 6 years younger than Kim. In 4 years, Kim will be 20. How old will Sam be then?",
     "asks about later instead of now"),
    ("Lily earns $12 an hour and her sister earns $3 more an hour. How much do they earn together in 5 hours?",
     "Lily earns $12 an hour and her sister earns $3 more an hour. How much does her sister earn in 5 hours?",
     "asks about sister alone instead of them all"),
    ("A box has 50 marbles: 20 red, 18 white and the rest black. Ian takes 4 black marbles. How many black "
     "marbles are left?", "A box has 50 marbles: 20 red, 18 white and the rest black. Ian takes 4 black marbles. "
     "How many marbles are left?", "no longer counts only the black marbles"),
    # the state a capacity is said of: gone, or added as a condition
    ("A barrel holds 120 liters when full. It is 1/3 full. How many liters are in it?",
     "A barrel holds 120 liters now. It is 1/3 full. How many liters are in it?", "the state 'full' is gone"),
    ("A tank holds 50 gallons. It leaks 5 gallons a day. Once full, how many days until it is half empty?",
     "A tank holds 50 gallons when half full. It leaks 5 gallons a day. Once full, how many days until it is half "
     "empty?",
     "a condition 'half full' is added"),
    # one of a series picked where none or another was; the question asking about a time before something, or
    # each one's share where it asked the whole
    ("A baker makes 8 trays of 24 rolls. She burns 1/4 of the rolls. How many rolls are good?",
     "A baker makes 8 trays of 24 rolls. She burns 1/4 of the rolls on the last tray. How many rolls are good?",
     "'last' picked in the rewrite only"),
    ("Ada ran 5 km on the first day, 2 km more on the second day, and double the second day's distance on the third "
     "day. How far did she run?", "Ada ran 5 km on the first day, 2 km more on the second day, and double the first "
     "day's distance on the third day. How far did she run?", "'first' picked in the rewrite only"),
    ("A gym costs $20 a month. Ben pays for 6 months and gets a $15 discount. How much does he pay?",
     "A gym costs $20 a month. Ben pays for 6 months and gets a $15 discount. How much does he pay before the "
     "discount?", "asks about the time before something"),
    ("Four cousins each pay $15 toward a $50 gift. How much money is left?",
     "Four cousins each pay $15 toward a $50 gift. How much money does each cousin get back?",
     "asks for each one's share instead of the whole"),
    # a group's size made their count; a number stated twice read one to one; a comparison made with another
    # of the problem's people; the question asking about another period, or all the days instead of one
    ("A club of 24 members splits into teams of 4. Each team gets 3 balls. How many balls are needed?",
     "A club of 24 members splits into 4 teams. Each team gets 3 balls. How many balls are needed?",
     "4 counts the teams instead of the size of each"),
    ("Kids under 10 eat free and adults pay $15. A family of 2 adults and 3 kids, all under 10, eats. What do they "
     "pay?", "Kids over 10 eat free and adults pay $15. A family of 2 adults and 3 kids, all under 10, eats. What do "
     "they pay?", "10 lost down words"),
    ("Amy has 3 times as many cards as Bo, and Bo has 6 more than Cy. Cy has 10 cards. How many does Amy have?",
     "Amy has 3 times as many cards as Cy, and Bo has 6 more than Cy. Cy has 10 cards. How many does Amy have?",
     "amy is now compared with cy, not bo"),
    ("A bakery bakes 90 loaves an hour for 6 hours a day. How many loaves does it bake in a week?",
     "A bakery bakes 90 loaves an hour for 6 hours a day. How many loaves does it bake in a day?",
     "asks about a day instead of a week"),
    ("Jo ran 4 km on Saturday and twice as far on Sunday. How far did she run on Sunday?",
     "Jo ran 4 km on Saturday and twice as far on Sunday. How far did she run over both days?",
     "asks about all the days instead of sunday"),
    # "inside" for "outside"; a one-time fee made a rate; the question turned round, asked as money, or about the
    # whole day instead of a part of it
    ("A pool is 10 meters by 6 meters. A deck 2 meters wide runs around the outside of it. What is the deck's area?",
     "A pool is 10 meters by 6 meters. A deck 2 meters wide runs around the inside of it. What is the deck's area?",
     "'outside' -> 'inside'"),
    ("A gym charges $30 a month plus a one-time joining fee of $50. What does a year cost?",
     "A gym charges $30 a month plus a joining fee of $50 per month. What does a year cost?", "$50 gained rate words"),
    ("A recipe uses 2 eggs for 16 cookies. How many eggs are needed for 48 cookies?",
     "A recipe uses 2 eggs for 16 cookies. How many cookies can 48 eggs make?", "the question turned round"),
    ("A bag of 40 marbles costs $8. Ben buys 2 bags and shares the marbles among 4 friends. How many marbles does "
     "each friend get?", "A bag of 40 marbles costs $8. Ben buys 2 bags and shares the marbles among 4 friends. How "
     "much do the marbles each friend gets cost?", "asks for money instead of marble"),
    ("A baker sells 30 rolls in the morning and twice as many in the afternoon. How many rolls does she sell in the "
     "afternoon?", "A baker sells 30 rolls in the morning and twice as many in the afternoon. How many rolls does she "
     "sell in the whole day?", "asks about the whole day instead of the afternoon"),
    # who gives to whom turned round; a count and a price traded; a total over a period made a rate; the question
    # asking the opposite action, a part, the whole, or the whole instead of each one's share
    ("Mo has twice as many stamps as Al. Al has 30. If Mo gives Al 10 stamps, how many stamps does Mo have?",
     "Mo has twice as many stamps as Al. Al has 30. If Al gives Mo 10 stamps, how many stamps does Mo have?",
     "Al now gives to Mo"),
    ("A shop sells pears at 5 for $2. How much do 30 pears cost?",
     "A shop sells pears at 2 for $5. How much do 30 pears cost?", "is money in the rewrite"),
    ("A club collects 300 bottles in 5 weeks, the same number each week. How many does it collect in 2 weeks?",
     "A club collects 300 bottles each week for 5 weeks. How many does it collect in 2 weeks?", "300 gained rate words"),
    ("A club won 12 games and lost 4. What fraction of its games did it win?",
     "A club won 12 games and lost 4. What fraction of its games did it lose?", "'win' -> 'lose'"),
    ("A bus drives at 50 km/h for 2 hours and then at 70 km/h for 1 hour. What is its average speed for the trip?",
     "A bus drives at 50 km/h for 2 hours and then at 70 km/h for 1 hour. What is its average speed for the first 2 "
     "hours?", "asks about 'first 2' only"),
    ("Ada reads 20 pages a day. Her book has 300 pages and she has read 100. How many more days does she need?",
     "Ada reads 20 pages a day. Her book has 300 pages and she has read 100. How many days does she need for the "
     "whole book?", "asks about the whole"),
    ("Three friends share a 9-slice pizza and a 6-slice pizza equally. How many slices does each friend get?",
     "Three friends share a 9-slice pizza and a 6-slice pizza equally. How many slices are there in all?",
     "asks for the whole instead of each one's share"),
    ("A runner jogs 6 miles to the lake at 6 mph and then 6 miles home at 4 mph. How many hours does the run take?",
     "A runner jogs 6 miles to the lake at 6 mph and then 6 miles home at 4 mph. How many hours does the run home "
     "take?", "asks about one leg of the trip instead of the whole"),
    ("A hall has 20 rows of chairs with 15 chairs in each row. If 6 chairs are broken, how many chairs can be used?",
     "A hall has 20 rows of chairs with 15 chairs in each row. If 6 rows are broken, how many chairs can be used?",
     "6 counts rows instead of chairs"),
    ("Of 40 children, 3/5 chose soccer and the rest chose tennis. How many more chose soccer than tennis?",
     "Of 40 children, 3/5 chose soccer and the rest chose tennis. How many chose soccer?",
     "asks an amount instead of a difference"),
    ("Tom has 5 stamps and 3 more than Ann. How many stamps does Ann have?",  # no verb before 3: "more" compares
     "Tom has 5 stamps and 3 stamps. How many stamps does Ann have?", "3 lost up words"),
    ("Lina and Omar scored 14 and 9 points respectively. Omar then scores 5 more. How many points does Omar have?",
     "Lina and Omar scored 9 and 14 points respectively. Omar then scores 5 more. How many points does Omar have?",
     "Omar has 14 instead of 9"),
    ("A farm collects 300 eggs. 4% of them are cracked. How many unbroken eggs does it collect?",
     "A farm collects 300 eggs. 4% of them are cracked. How many cracked eggs does it collect?",
     "asks about cracked eggs instead of unbroken eggs"),
    ("A pool fills at 20 liters per minute and drains at 5 liters per minute. How long until it holds 600 liters?",
     "A pool fills at 20 liters per minute and drains at 5 liters per minute. How much water drains out before it "
     "holds 600 liters?", "asks an amount instead of a time"),
    ("A phone plan costs $40 a month or $420 a year. How much is saved over a year by paying annually?",
     "A phone plan costs $40 a month or $420 a year. How much does a year cost when paying every month?",
     "no longer asks 'save'"),
    ("A candle burns 2 cm every hour. It is 18 cm tall now. How tall is it after 3 hours?",
     "A candle burns 2 cm every 3 hours. It is 18 cm tall now. How tall is it after 3 hours?",
     "a rate is per 3 hour instead of per hour"),
    ("A bottle holds 2 liters of juice. Each cup holds 200 ml. How many cups can be poured from 3 bottles?",
     "A bottle holds 2 liters of juice. Each cup holds 200 ml. How many cups can be poured from 3 liters?",
     "3 counts liters instead of bottles"),
    ("A shirt costs $40. The shop raises the price by 20% and then takes 25% off the new price. What is the final "
     "price?", "A shirt costs $40. The shop raises the price by 20% and then takes 25% off the original price. What "
     "is the final price?", "25% lost 'of the new' words"),
    ("Ivy runs 3 km on Monday and 1 km more each day after that. How far does she run on Friday?",
     "Ivy runs 3 km on Monday and 1 km more each day after that. How far does she run through Friday?",
     "asks about the days up to friday instead of that day only"),
    ("A plant grows 2 cm a day. How much does it grow in 3 weeks?",
     "A plant grows 2 cm a day. How much does it grow in 3 days?", "3 is in days instead of weeks"),
    ("Of 50 guests, 30% are children. Each adult gets 2 drinks. How many drinks do the adults get?",
     "Of 50 guests, 30% are adults. Each adult gets 2 drinks. How many drinks do the adults get?",
     "30% now counts adult, not child"),
    ("Four coworkers each pay $15 for lunch and split a $20 cake equally. How much does each coworker pay?",
     "The four coworkers split a $15 lunch equally and each pays $20 for a cake. How much does each coworker pay?",
     "is each one's in the rewrite, shared by them in the original"),
    ("A swimmer swims upstream at 2 km/h for 3 hours and downstream at 5 km/h for 2 hours. How far does she swim "
     "altogether?", "A swimmer swims upstream at 2 km/h for 3 hours and downstream at 5 km/h for 2 hours. How far "
     "does she swim downstream?", "asks about the downstream part only"),
    ("A mix uses 5 scoops of powder for every 2 liters of water. How many scoops are needed for 8 liters of water?",
     "A mix uses 5 scoops of powder for every 2 liters of water. How many liters of water are needed for 8 scoops?",
     "the question turned round"),
    ("A theatre has 200 seats. 3/4 of the seats are occupied, and 20 more people come in. How many seats are still "
     "empty?", "A theatre has 200 seats. 3/4 of the seats are empty, and 20 more people come in. How many seats are "
     "still empty?", "a word became its opposite"),
    ("A coat costs $50. In winter its price rises by 20%. What does it cost in winter?",
     "A coat costs $50. In winter its price falls by 20%. What does it cost in winter?", "20% lost rise words"),
    ("Raj had $80. He spent a quarter of it on books and then half of what remained on food. How much does he have "
     "now?", "Raj had $80. He spent a quarter of it on books and then half of it on food. How much does he have now?",
     "lost remainder words"),
    ("Mia is 4 times as old as her daughter. In 12 years she will be twice as old as her daughter. How old is Mia's "
     "daughter now?", "Mia is 4 times as old as her daughter. In 12 years she will be twice as old as her daughter. "
     "How old is Mia now?", "asks about mia instead of daughter"),
    ("Two boats leave a dock together, one heading east at 12 km/h and the other west at 9 km/h. How far apart are "
     "they after 2 hours?", "Two boats leave a dock together, one heading east at 12 km/h and the other east at 9 "
     "km/h. How far apart are they after 2 hours?", "'west' -> 'east'"),
    ("A bath holds 120 liters. One tap fills it at 8 liters per minute and a second tap fills it at 4 liters per "
     "minute. How many minutes does it take to fill the empty bath?", "A bath holds 120 liters. One tap fills it at "
     "8 liters per minute and a second tap drains it at 4 liters per minute. How many minutes does it take to fill "
     "the empty bath?", "'fills' -> 'drains'"),
    ("A hall has 120 seats set out in rows of 10. If 3 rows are taken away, how many seats remain?",
     "A hall has 120 seats set out in rows of 10. If 3 seats are taken away, how many seats remain?",
     "3 counts seats instead of rows"),
    ("Each crate holds 12 melons. How many crates are needed to ship 150 melons?",
     "Each crate holds 12 melons. How many crates can be completely filled with 150 melons?",
     "asks how many can be completed instead of how many are needed"),
    ("Ana walks 3 km on weekdays and 5 km on weekend days. How far does she walk in a week?",
     "Ana walks 3 km on weekdays and 5 km each weekend. How far does she walk in a week?",
     "a rate is per weekend instead of per day"),
    ("A track is 400 m long. Lee runs 6 km. How many laps does he run?",
     "A track is 400 m long. Lee runs 6 km a day. How many laps does he run in a month?",
     "asks about a month the original never names"),
    ("A gym charges $30 a month plus $2 for each visit over 10. Sue visits 14 times in a month. What does she pay?",
     "A gym charges $30 a month plus $2 for each visit up to 10. Sue visits 14 times in a month. What does she pay?",
     "10 is a limit up to which it applies instead of past which"),
    ("A cyclist rides 36 km in 2 hours. At the same speed, how far does she ride in 3 hours?",
     "A cyclist rides 36 km in 2 hours. At the same speed, how much farther does she ride in 3 hours?",
     "asks 'compare' instead of 'an amount'"),
    ("A shop sells 40 cakes an hour. It closes for a 1-hour lunch, then sells for 3 more hours. It sold 120 cakes "
     "before the lunch. How many cakes does it sell in all?", "A shop sells 40 cakes an hour. It closes for a 1-hour "
     "lunch, then sells for 3 more hours. It sold 120 cakes before the lunch. How many cakes does it sell after the "
     "lunch?", "asks about what happens 'after the lunch' only"),
    ("Ina earns $600 a week and saves 20% of it. How much does she save in 5 weeks?",
     "Ina earns $600 a week and spends 20% of it. How much does she save in 5 weeks?",
     "the share 0.2 is what is spend, not save"),
    ("Leo cycles 8 km every day. How far does he cycle in a week?",
     "Leo cycles 8 km every day. How far does he cycle over a weekend?", "asks about a weekend instead of a week"),
    ("A bakery uses 600 g of flour for 12 rolls. How much flour is needed for 5 rolls?",
     "A bakery uses 600 g of flour per roll for 12 rolls. How much flour is needed for 5 rolls?",
     "600 gained rate words"),
    ("Each of 4 cousins pays $6 for a ticket, and they split a $20 taxi fare equally. How much does each cousin pay?",
     "Each of 4 cousins pays $6 for a ticket and a $20 taxi fare. How much does each cousin pay?",
     "$20 is each one's in the rewrite, shared by them in the original"),
    ("Ann buys 4 pens at $3 each and pays with a $20 bill. How much change does she get?",
     "Ann buys 4 pens at $3 each and pays with a $20 bill. How much does she spend?", "asks 'spend' instead of 'left'"),
    ("Kim and Lou have 45 cards together. Kim has twice as many as Lou. How many cards does Lou have?",
     "Kim has 45 cards. Kim has twice as many as Lou. How many cards does Lou have?", "45 lost total words"),
    ("A box has 6 red, 4 white and 5 black socks. How many socks are not black?",
     "A box has 6 red, 4 white and 5 black socks. How many socks are not white?",
     "the negation moved from 'black' to 'white'"),
    ("A square table has a perimeter of 32 dm. What is its area?", "A square table has a side of 32 dm. What is its area?",
     "the side is given instead of the perimeter"),
    ("A 20 m ribbon is cut into pieces of 2 m each. How many cuts are made?",
     "A 20 m ribbon is cut into pieces of 2 m each. How many pieces are there?", "asks about piece instead of cut"),
    ("A runner goes 10 km/h for 1 hour and 6 km/h for 2 hours. What is her average speed?",
     "A runner goes 10 km/h for 1 hour and 6 km/h for 2 hours. What is the average of her two speeds?",
     "asks the mean of the rates instead of the average rate"),
    ("A bath is filled at 6 liters per minute. It holds 30 liters now and 90 liters when full. How many minutes until "
     "it is full?", "A bath is filled at 6 liters per minute. It holds 30 liters now and 90 liters when full. How many "
     "minutes until 90 more liters are in it?", "asks until '90 more'"),
    ("Ada studies 2 hours a day from Monday to Friday. How many hours does she study?",
     "Ada studies 2 hours a day from Monday to Friday, except Tuesday. How many hours does she study?",
     "the exception 'except' is new"),
    ("A lake's level was 40 cm at dawn and dropped 2 cm every hour. What was the level after 5 hours?",
     "A lake's level was 40 cm at dawn and rose 2 cm every hour. What was the level after 5 hours?",
     "'dropped' -> 'rose'"),
    ("Ivy is 4 years younger than Max. In 2 years their ages will add up to 30. How old is Max now?",
     "Ivy is 4 years younger than Max. In 2 years Max's age will be 30. How old is Max now?", "30 lost total words"),
    ("Leo has 5 green marbles and 3 times as many yellow marbles. He loses 4 yellow marbles. How many marbles does "
     "he have?", "Leo has 5 green marbles and 3 times as many yellow marbles. He loses 4 yellow marbles. How many "
     "yellow marbles does he have?", "the question counts only the yellow marble"),
    ("A farm packs 90 eggs in cartons of 6. It sells each carton for $3. How much does it earn from all the cartons?",
     "A farm packs 90 eggs in cartons of 6. It sells each egg for $3. How much does it earn from all the cartons?",
     "$3 is for each egg instead of each carton"),
    ("The ratio of cats to dogs at a shelter is 4:3. There are 28 animals. How many dogs are there?",
     "The ratio of dogs to cats at a shelter is 4:3. There are 28 animals. How many dogs are there?",
     "the ratio of cat to dog is now of dog to cat"),
    ("A tank has 4 fish and 6 frogs. Ada adds 2 fish. What fraction of the animals are fish now?",
     "A tank has 4 fish and 6 frogs. Ada adds 2 fish. What fraction of the animals were fish before?",
     "asks about before instead of now"),
    ("A pool fills at 10 liters per minute and already has 40 liters. How many minutes until it has 240 liters?",
     "A pool fills at 10 liters per minute and already has 40 liters. How many minutes until 240 liters have been "
     "added?", "asks for 240 added instead of held"),
    ("A shop sells eggs in cartons of 12. It sells 20 cartons on Friday and 14 on Saturday. How many more eggs did "
     "it sell on Friday?", "A shop sells eggs in cartons of 12. It sells 20 cartons on Friday and 14 on Saturday. "
     "How many more cartons did it sell on Friday?", "asks about carton instead of egg"),
    ("Rosa saves $4 on day one, $8 on day two, $12 on day three, and so on. How much does she save in total over 5 "
     "days?", "Rosa saves $4 on day one, $8 on day two, $12 on day three, and so on. How much does she save on the "
     "5th day?", "asks about 'on the 5th day' only"),
    ("A clerk earns $20 an hour for the first 35 hours and $30 an hour after that. What does she earn in a 40-hour "
     "week?", "A clerk earns $30 an hour for the first 35 hours and $20 an hour after that. What does she earn in a "
     "40-hour week?", "swapped places"),
    ("Ana has 5 times as many stamps as Ben. Together they have 60 stamps. How many stamps does Ana have?",
     "Ana has 5 times as many stamps as Ben. Ana has 60 more stamps than Ben. How many stamps does Ana have?",
     "60 is a difference instead of a total"),
    ("A baker sells rolls at $4 per dozen. She sells 96 rolls. How much does she earn?",
     "A baker sells rolls at $4 per dozen. She sells 96 dozen. How much does she earn?", "96 counts dozens"),
    ("A yard is 20 m long and 15 m wide. How many meters of rope go around it?",
     "A yard is 20 m long and 15 m wide. How many square meters of turf cover it?",
     "asks for square units instead of plain ones"),
    # from held-out 24: a count made one past a first; an addition made a comparison
    ("A boat rents for $20 for the first hour and $12 for each hour after that. Kim rents it for 5 hours. What does "
     "she pay?", "A boat rents for $20 for the first hour and $12 for each hour after that. Kim rents it for 5 hours "
     "beyond the first. What does she pay?", "5 gained up"),
    ("A farm has 90 eggs. It sells 1/3 of them in the morning and 12 more in the evening. How many eggs are left?",
     "A farm has 90 eggs. It sells 1/3 of them in the morning and 12 more than that in the evening. How many eggs "
     "are left?", "12 gained up"),
    ("A cafe served 150 meals this month, 25% more than last month. How many meals did it serve last month?",
     "A cafe served 150 meals last month and 25% more this month. How many meals did it serve this month?",
     "asks about this month instead of last month"),
    ("Ben has 3 times as many cards as Cy, and Cy has 9 cards. How many cards does Ben have?",
     "Ben has 3 times as many cards as Cy, and Cy has 9 cards. How many cards do the two have together?",
     "asks about them all instead of ben alone"),
    ("A gym costs $40 a month and the fee rises by $5 each year. How much will Jo pay in total next year?",
     "A gym costs $40 a month and the fee rises by $5 each year. How much will Jo pay each month next year?",
     "asks for each month's amount instead of the total"),
    ("A box of 12 pens costs $6. How much does one pen cost?",
     "A box of 12 pens costs $6. How much does one box cost?", "asks the price of a box instead of a pen"),
    ("A printer prints 30 pages per minute. How many minutes does it take to print a 600-page report?",
     "A printer prints 30 pages per minute. How many minutes does it take to print 600 pages a day for a week?",
     "asks about a day, week the original never names"),
    ("Two trains 300 km apart leave at noon and travel away from each other at 60 km/h and 90 km/h. When are they "
     "450 km apart?", "Two trains 300 km apart leave at noon and travel toward each other at 60 km/h and 90 km/h. "
     "When are they 450 km apart?", "moving toward each other instead of away from each other"),
    # from held-out 25: one year of several asked; what a multiple counts made what it is of
    ("A bond pays 4% simple interest a year on $5,000. How much interest does it pay in 5 years?",
     "A bond pays 4% simple interest a year on $5,000. How much interest does it pay in the 5th year?",
     "asks about 'in the 5th year' only"),
    ("A zoo has 24 zebras and 3 times as many birds. How many animals are there?",
     "A zoo has 24 zebras, 3 times as many as its birds. How many animals are there?",
     "bird is what the multiple is of, not what it counts"),
    ("A gym charges a $40 sign-up fee and $25 a month. How much does a member pay in the first year?",
     "A gym charges a $40 sign-up fee and $25 a month. How much does a member pay in the second year?",
     "asks about 'in the second year' instead of 'in the first year'"),
    ("Omar splits 30 marbles equally with his 4 cousins. How many marbles does each of them get?",
     "Omar splits 30 marbles equally among his 4 cousins. How many marbles does each cousin get?",
     "shared among them only instead of by the sharer and them"),
    ("A train ticket costs $7. Ada takes the train to the city and back every Saturday. What does she spend in 4 "
     "Saturdays?", "A return train ticket costs $7. Ada takes the train to the city and back every Saturday. What "
     "does she spend in 4 Saturdays?", "a price for a round trip in the rewrite only"),
    ("A fence has 6 panels, each 2 m long. A can of stain covers 4 m of fence. How many cans are needed?",
     "A fence has 6 panels, each 2 m long. A can of stain covers 4 m of fence. How many cans are needed for each "
     "panel?", "asks for each one's share instead of the whole"),
    ("Raj earns $900 a week and pays 15% in tax. How much does he keep?",
     "Raj earns $900 a week and pays 15% in tax. How much does he pay in tax?", "asks 'spend' instead of 'left'"),
    ("Lia has $40 and saves $15 a week. How many weeks until she has $220?",
     "Lia has $40 and saves $15 a week. How many weeks until she has saved another $220?",
     "asks for 220 added instead of held"),
    # from held-out 26
    ("Rita is 6 years older than Sol. Their ages add up to 30. How old is Rita?",
     "Rita is 6 years older than Sol. Their ages add up to 30. How old was Rita when Sol was born?",
     "asks about the time 'when sol was born'"),
    ("A mill makes 2,000 bolts a day. 2% of them are defective. How many defective bolts does it make in 3 days?",
     "A mill makes 2,000 bolts a day. 2% of them are defective. How many good bolts does it make in 3 days?",
     "'defective' -> 'good'"),
    ("Li saves $10 in week 1. Each week after that she saves $2 more than the week before. How much does she save "
     "in 4 weeks?", "Li saves $10 in week 1. Each week after that she saves $2 more than in week 1. How much does "
     "she save in 4 weeks?", "compared with a fixed one instead of the one before"),
    ("A cabin costs $90 a night. The 5th night is free. How much do 5 nights cost?",
     "A cabin costs $90 a night. The 5th night is free. How much would 5 nights cost without the offer?",
     "setting aside what the problem gives"),
    ("A pond holds 800 liters. It loses 10 liters a day. How much water is in the pond after 7 days?",
     "A pond holds 800 liters. It loses 10 liters a day. How much water has it lost after 7 days?",
     "asks 'lose' instead of 'left'"),
    ("Of 40 pupils, 25 like tea, 20 like coffee, and 8 like both. How many like neither?",
     "Of 40 pupils, 25 like only tea, 20 like coffee, and 8 like both. How many like neither?",
     "'only' added where the groups overlap"),
    # from held-out 27
    ("A sapling grows 3 cm a month. It is 40 cm tall now. How tall will it be in 6 months?",
     "A sapling grows 3 cm a month. It is 40 cm tall now. How much will it have grown in 6 months?",
     "asks 'grow' instead of 'height'"),
    ("Dev earns $15 an hour. He works 5 hours on Saturday and 3 hours on Sunday. How much does he earn over the "
     "weekend?", "Dev earns $15 an hour. He works 5 hours on Saturday and 3 hours on Sunday. How much does he earn "
     "each weekend day on average?", "asks an average the problem never names"),
    ("A tank is 5 m long, 4 m wide and 3 m deep. How many cubic meters of water does it hold?",
     "A tank is 5 m long, 4 m wide and 3 m deep. What is the area of its base?", "asks 'area' instead of 'volume'"),
    ("Mo cycles 12 km to school each day, 5 days a week. How far does he cycle to school in a week?",
     "Mo cycles 12 km to school each day, 5 days a week. How far does he cycle to school in 5 weeks?",
     "asks about 5 weeks instead of a week"),
    ("A swimmer swims a 50 m length in 40 seconds. At this pace, how many seconds does she need for 1 km?",
     "A swimmer swims a 50 m length in 40 seconds. At this pace, how many seconds does she need for 1 length?",
     "1 counts lengths instead of kilometers"),
    ("There are 3 feet to a yard. How many feet are in 12 yards?",
     "There are 3 feet in all. How many feet are in 12 yards?", "3 lost rate"),  # a measure to a unit is a rate
    ("Ben swims 30 minutes a day, 4 days a week. How many hours does he swim in 3 weeks?",
     "Four days each week Ben swims for 30 minutes in total. How many hours does he swim in 3 weeks?", "30 lost rate"),
    ("A frog jumps 4 m up a slope each turn and slips back 1 m after it. How many meters does it rise in net after 6 "
     "turns?", "Each turn a frog jumps 4 m up a slope and then slips back 1 m. What is its net slope after 6 turns?",
     "asks for slope instead of meter"),
    ("In a hall of 200 chairs, 2/5 of the chairs are taken. How many chairs are free?",
     "In a hall of 200 chairs, all but 2/5 of the chairs are taken. How many chairs are free?", "gained except"),
    ("A shop sells 40 pies on Saturdays and 25 more than that on Sundays. How many pies does it sell on Sundays?",
     "A shop sells 40 pies on Saturdays and 25 more than that on Sundays. How many pies does it sell on Saturdays and "
     "Sundays?", "asks about saturday, sunday instead of sunday"),
    ("A farm packs 300 eggs in cartons of 12 and sells each carton for $4. How much does it make?",
     "A farm packs 300 eggs in cartons of 12 and sells the eggs for $4 each. How much does it make?",
     "lost 'per carton'"),
    ("Pens sell at 4 for $3. How much do 20 pens cost?",
     "Pens sell at 4 for $3. How much do 20 bags of these pens cost?", "20 counts bags instead of pens"),
    ("A recipe for 6 people uses 450 g of rice. How many grams of rice are needed for 8 people?",
     "A recipe uses 450 g of rice for each of 6 people. How many grams of rice are needed for 8 people?",
     "6 is now 'each of' them"),
    ("Leo spends 1/4 of his 60-minute lesson on scales and 1/3 of the remaining time on songs. How many minutes does "
     "he spend on songs?", "Leo spends 1/4 of his 60-minute lesson on scales and 1/3 of the remaining time on songs. "
     "How many minutes does he spend on scales and songs?", "asks about scale and song instead of song"),
    ("A floor is covered with square tiles 30 cm on a side. The floor is 3 m by 6 m. How many tiles are needed?",
     "A floor is covered with square tiles 30 cm around. The floor is 3 m by 6 m. How many tiles are needed?",
     "the perimeter is given instead of the side"),
    ("Ben and Mia share $450 in the ratio 2:3. How much does Mia get?",
     "Ben and Mia share $450 in the ratio 3:2. How much does Mia get?", "ben gets the ratio's 3 instead of its 2"),
    ("The sum of three consecutive odd numbers is 51. What is the smallest of them?",
     "The sum of three consecutive numbers is 51. What is the smallest of them?", "'even or odd' said 1 times"),
    ("A printer prints 20 pages a minute. It runs 6 hours a day but stops for a 15-minute break. How many pages does "
     "it print in a day?", "A printer prints 20 pages a minute. It runs 6 hours a day, not counting a 15-minute "
     "break. How many pages does it print in a day?", "'not counting' is new"),
    ("A guard works 10-hour shifts, 4 shifts a week, and earns $25 an hour. How much does he earn in 2 weeks?",
     "A guard works 10-hour shifts, 4 shifts a week, and earns $25 a shift. How much does he earn in 2 weeks?",
     "$25 lost 'per hour'"),
    ("A bus has 40 riders. At a stop, 12 get off and 7 get on. How many riders are on the bus now?",
     "A bus has 40 riders. At a stop, 12 get on and 7 get off. How many riders are on the bus now?",
     "'off' and 'on' swapped"),
    ("Sue has twice as many stamps as Ron. If Sue gives Ron 15 stamps, they will have the same number. How many "
     "stamps does Ron have?", "Sue has twice as many stamps as Ron. If Sue gives Ron 15 stamps, they will have the "
     "same number. How many stamps will Ron have then?", "asks about later instead of now"),
    ("A plan costs $15 a month plus $0.05 per text over 500 texts. Ada sends 800 texts in a month. What is her bill?",
     "A plan costs $15 a month plus $0.05 per text over 500 texts. Ada sends 800 texts over 500 in a month. What is "
     "her bill?", "800 now counts what lies past another number"),
    ("Raj earns $2,000 a month. He gets a 5% raise and then saves 10% of his new pay. How much does he save each "
     "month?", "Raj earns $2,000 a month. He gets a 5% raise and then saves 10% of his old pay. How much does he save "
     "each month?", "lost 'of the new'"),
    ("A car goes 120 miles on 4 gallons. Gas costs $3 a gallon. How much does gas cost for a 360-mile trip?",
     "A car goes 120 miles on 4 gallons. Gas costs $3 a gallon. How many gallons of gas does a 360-mile trip use?",
     "asks for gallon instead of money"),
    ("A shop orders 6 crates of pears. Each crate has 20 pears, and 1/5 of the pears are ripe. How many ripe pears "
     "are there?", "A shop orders 6 crates of pears. Each crate has 20 pears, and 1/5 of the pears in each crate are "
     "ripe. How many ripe pears are in a crate?", "asks about one crate instead of them all"),
    ("A shop sells eggs in cartons of 12 for $3. Ravi needs 30 eggs. How much does he spend if he can buy only whole "
     "cartons?", "A shop sells eggs in cartons of 12 for $3. Ravi needs 30 eggs. How much does he spend if he buys "
     "only whole cartons and no more eggs than he needs?", "no more than is needed"),
    ("A tower has 6 floors. The ground floor has 20 windows, and each floor above has 2 fewer windows than the one "
     "below it. How many windows does the tower have?", "A tower has 6 floors. The ground floor has 20 windows, and "
     "each floor above has 2 fewer windows than the ground floor. How many windows does the tower have?",
     "compared with a fixed one instead of the one before"),
    ("A sofa costs $900. Ann pays 1/3 now and the rest in 6 equal monthly payments. How much is each monthly "
     "payment?", "A sofa costs $900. Ann pays 1/3 now and the rest in 6 equal monthly payments. How much does she "
     "pay in all?", "asks for the whole instead of each one's share"),
    ("A log 12 m long is cut into pieces 2 m long. How many cuts are made?",
     "A log 12 m long is cut into pieces 2 m long. How many pieces are there?", "asks about piece instead of cut"),
    ("A cook uses 5 onions for every 3 soups. How many onions does she need for 12 soups?",
     "A cook uses 5 onions for each of 3 soups. How many onions does she need for 12 soups?", "3 is now 'each of'"),
    ("Kim earns $10 an hour. She works 4 hours every Sunday. How much does she earn in 6 weeks?",
     "Kim earns $10 an hour. She works 4 hours every other Sunday. How much does she earn in 6 weeks?",
     "'every other' said 0 times"),
]
FAITHFUL = [
    ("A pump moves 12 liters per second for 30 seconds. How many liters does it move?",
     "For 30 seconds, a pump moves 12 liters every second. What is the number of liters it moves?"),
    ("Each of the 4 teams has 9 players. How many players are there?",
     "There are 4 teams, and every team has 9 players. How many players are there in total?"),
    ("Zoe has 5 times as many shells as Ian. Ian has 7 shells. How many shells does Zoe have?",
     "Ian has 7 shells, and Zoe has five times as many. How many shells does Zoe have?"),
    ("The gym is open from Tuesday to Saturday, 6 hours a day. How many hours is it open in a week?",
     "Open Tuesday through Saturday for 6 hours each day, how many hours a week is the gym open?"),
    ("A boat holds 6 people, not counting the captain. How many boats carry 30 tourists?",
     "Apart from its captain, a boat has room for 6 people. How many boats are needed for 30 tourists?"),
    ("Max earns $12 an hour for 10 hours and spends $40. How much does he keep left?",
     "Max works 10 hours at $12 per hour, then spends $40. How much money remains?"),
    ("A crate holds 40 apples. One crate costs $25. What do 3 crates cost?",
     "Each crate holds 40 apples and a single crate costs $25. How much do 3 crates cost?"),
    ("Candles come in boxes of 10 at $8 a box. How much do 50 candles cost?",
     "Candles are packed 10 to a box, and a box costs $8. What is the price of 50 candles?"),
    ("A tree is watered every other day for 30 days with 4 liters. How much water does it get?",
     "For 30 days a tree gets 4 liters of water on alternate days. How many liters does it get?"),
    ("Lin had 60 cards. She gave 1/4 to Sam and 10 of the rest to Kai. How many cards does she have?",
     "Lin began with 60 cards, handed a quarter of them to Sam, then gave Kai 10 of the cards she still had. "
     "How many cards are left with her?"),
    ("A worker packs 30 jars every hour for 7 hours. How many jars does she pack?",
     "For 7 hours a worker packs 30 jars in each of those hours. How many jars is that?"),
    ("A plan costs $20 a month plus $0.05 for each minute. Jo talks 200 minutes. What is her bill?",
     "Jo's plan has a monthly fee of $20 and $0.05 per minute. She talks 200 minutes. What is her bill?"),
    ("Eggs come in cartons of 12. Pat needs 50 eggs. How many cartons does he buy?",
     "Pat needs 50 eggs, and the eggs come in cartons that hold 12 eggs each. How many cartons does he buy?"),
    ("A theatre has 20 rows with 15 seats in each row. How many seats are there?",
     "A theatre has 20 rows, 15 seats to a row. How many seats does it have?"),
    ("A farmer has 80 eggs. 8 break, and he sells 3/4 of the remaining eggs. How many does he sell?",
     "After 8 of a farmer's 80 eggs break, he sells 3/4 of the eggs that remain. How many eggs does he sell?"),
    ("Each week Al saves $5, and every day he spends $1. What is left after 2 weeks?",
     "Every week Al saves $5, and each day he spends $1. What is left after 2 weeks?"),
    # a price per a noun that is not a unit; "every one of them"; a unit said as a noun; a comma after a price
    ("Lea buys 4 scarves at $9 each and pays with $50. What change does she get?",
     "Lea pays with $50 for 4 scarves costing $9 a scarf. What change does she get?"),
    ("Each of the 6 pens holds 4 sheep. Each sheep eats 2 kg of hay. How much hay do they eat?",
     "There are 6 pens, and every one of them holds 4 sheep; every one of the sheep eats 2 kg of hay. How much "
     "hay do they eat?"),
    ("Kim cycles 8 miles every weekday. How many miles does she cycle in a week?",
     "On each weekday Kim cycles 8 miles. What is her weekly mileage?"),
    ("He drinks 2 bottles and half of a third bottle a day. How much is that?",
     "Each day he drinks two bottles plus half of another one. How much is that?"),
    ("He paid €12, a third of his savings, for a lamp. How much had he saved?",
     "For a lamp he paid €12, which was a third of his savings. How much had he saved?"),
    # units spelled or shortened otherwise; a price before its noun; named days for a group; a remainder, "the
    # rest" or a negation in other words; sales in dollars for money made; "daily"; "each of its rows"
    ("A van uses 8 litres of fuel per 100 km. How much fuel does it need for 300 km?",
     "For a 300-kilometre drive, how many liters does a van need if it burns 8 liters every 100 kilometers?"),
    ("Sam buys 3 pens at $2 each and pays with $10. What change does he get?",
     "Sam pays with $10 for three $2 pens. What change does he get?"),
    ("Bo bakes 6 loaves on each weekend day. How many loaves does he bake in 4 weeks?",
     "On every Saturday and every Sunday Bo bakes 6 loaves. How many loaves does he bake in 4 weeks?"),
    ("A shop had 90 hats. It sold 30 of them, then 20 of the remaining hats. How many hats are left?",
     "Of a shop's 90 hats, 30 were sold, and then 20 more of the hats still in stock. How many hats remain?"),
    ("Of 60 staff, 25% work nights and the rest work days. 10 of the day staff do not eat lunch. How many day "
     "staff eat lunch?", "A quarter of 60 staff work nights; everyone else works days. Ten of the day staff skip "
     "lunch. How many of the day staff eat lunch?"),
    ("A stall sells 30 pies at $5 each. How much money does it make?",
     "At $5 apiece a stall sells 30 pies. What are its pie sales in dollars?"),
    ("A cow gives 9 liters of milk a day. How many liters does it give in 5 days?",
     "A cow produces 9 liters of milk daily. How many liters does it give over 5 days?"),
    ("A hall has 12 rows with 20 chairs in each row. How many chairs does it have?",
     "There are 20 chairs in each of its 12 rows. How many chairs does the hall have?"),
    ("She cycles 9 km to school and takes the same route home, 5 days a week. How far does she cycle in a week?",
     "Five days a week she cycles to school and back, 9 km each way. How far does she cycle in a week?"),
    ("A train car has 64 seats and 50 people sit in them. How many seats are empty?",
     "A train car has 64 seats and 50 people sit in them. How many seats are not taken?"),
    # "each of the field's five rows"; a mass asked without its unit; "a year later" binds the year, not the 20%
    ("A field has 5 rows with 12 trees in each row. Each tree gives 4 baskets. How many baskets does it give?",
     "There are 12 trees in each of the field's five rows, and every tree gives 4 baskets. How many baskets does "
     "the field give?"),
    ("A tank has 500 liters of water and 120 liters leak out. How many liters are left?",
     "A tank holds 500 liters of water, and 120 liters leak out. How much water remains?"),
    ("Al bought a bike for $300 and sold it a year later for 20% less. What did he sell it for?",
     "A year after buying a bike for $300, Al sold it for 20% less than he paid. What did he sell it for?"),
    # "over 8" = "past the first 8" ("in a month" is the period, "this month" says it); "each day of the weekend"
    # = "each Saturday and Sunday"; "her brother Leo" is Leo; "the rest are adults" names a group, takes no
    # share of a remainder; "until" = "before"; "a 25-minute jog" is each one's length; "hands over" is no "more than"
    ("A gym charges $30 a month plus $2 for each class over 8. Dan takes 12 classes in a month. What does he pay "
     "that month?", "Dan's gym costs $30 per month, and every class past the first 8 costs an extra $2. He took 12 "
     "classes this month. What is his bill for the month?"),
    ("Each day of the weekend, Rosa swims 30 laps; on weekdays she swims 20. How many laps does she swim in a week?",
     "Rosa swims 20 laps on each weekday and 30 laps on each Saturday and Sunday. How many laps does she swim in a "
     "week?"),
    ("Pia is 5 years older than her brother Leo, who is 9. How old is Pia?",
     "Leo is 9 years old. His sister Pia is 5 years older than he is. How old is Pia?"),
    ("Of 35 guests, 2/5 are children. How many adults are there?",
     "There are 35 guests; two-fifths are children and the rest are adults. How many adults are there?"),
    ("A pool holds 900 liters and drains 30 liters a minute. After it is filled, how many minutes until it is empty?",
     "A full 900-liter pool drains at 30 liters each minute. How many minutes pass before it is empty?"),
    ("Kai jogs 4 times a week, 25 minutes each time. How many hours does he jog in 6 weeks?",
     "Four times a week Kai goes on a 25-minute jog. How many hours does he jog over 6 weeks?"),
    ("A barrel holds 120 liters when full. It is 1/3 full. How many liters are in it?",
     "A barrel with a 120-liter capacity is one-third full. How many liters are in it?"),
    # "a day during the week" is each weekday; "of the members who do not" is the rest; "one fifth" picks nothing
    ("Ivy walks 3 km a day during the week and 5 km a day on weekends. How far does she walk in 2 weeks?",
     "Over two weeks, how far does Ivy walk if she covers 3 km on each weekday and 5 km on each weekend day?"),
    ("A club has 60 members. 2/3 of them swim, and half of the rest run. How many run?",
     "Two-thirds of a club's 60 members swim. Of the members who do not, half run. How many run?"),
    ("A storm destroys 1/5 of 450 trees. How many trees are left?",
     "After a storm destroys one fifth of the 450 trees, how many trees are left?"),
    # "a minimum of" = "at least"; "40 mph" = "40 miles per hour"; a trailing "each" is per what its sentence counts
    ("A gym costs $40 a month for at least 6 months. What is the least it can cost?",
     "With a minimum membership of six months at $40 monthly, what is the least the gym can cost?"),
    ("A car drives 120 miles at 40 miles per hour. How many hours does it take?",
     "At 40 mph, how many hours does a 120-mile drive take?"),
    ("A museum charges $9 per visitor. 30 visitors come on a tour. How much do they pay?",
     "Thirty visitors come on a tour of a museum that charges $9 each. How much do they pay?"),
    # "9:15 in the morning" = "9:15 a.m."; "senior by 5 years" = "5 years older"; "packs of 25" is 25 in each;
    # "the cars that are not red" are the rest; two numbers of one value paired by what they count
    ("A bus leaves at 8:30 a.m. and arrives at 2:10 p.m. How many minutes is the trip?",
     "Leaving at 8:30 in the morning, a bus gets in at 2:10 in the afternoon. How long is the trip in minutes?"),
    ("Ann is 5 years older than Bea. Their ages add up to 41. How old is Ann?",
     "Bea and Ann's ages sum to 41, and Ann is Bea's senior by 5 years. What is Ann's age?"),
    ("Joe buys 3 boxes of pens with 12 pens in each box. He gives away 10 pens. How many pens does he have left?",
     "Joe has three boxes of 12 pens. After giving away ten of them, how many pens does he have left?"),
    ("A lot has 48 cars. 1/4 of them are white, and 1/3 of the rest are black. How many cars are neither white nor "
     "black?", "A lot holds 48 cars. A quarter are white; of the cars that are not white, one third are black. How "
     "many cars are neither color?"),
    ("A club has 2 teams of 11 players. Each player needs 2 shirts. How many shirts are needed?",
     "Two shirts are needed per player. The club has two teams of 11 players each. How many shirts in all?"),
    # "$15 pricier" = "$15 more"; "fail to bloom" = "do not bloom"; "hands 12 of his cards to" = "gives"
    ("Sam buys a hat for $20 and a coat that costs $35 more than the hat. How much does he spend?",
     "A hat costs Sam $20, and the coat he buys is $35 pricier than the hat. What does he spend?"),
    ("A farmer plants 60 trees. 5% of them do not survive. How many trees survive?",
     "Of the 60 trees a farmer plants, 5% fail to survive. How many survive?"),
    ("Kim has 40 cards. If she gives her brother 15 cards, how many cards does Kim have?",
     "Kim owns 40 cards. After she hands 15 of them to her brother, how many does Kim have left?"),
    # "is each side" asks no one's share; "after how many weeks" asks "how many weeks until"
    ("A farmer has 120 m of fence for a square pen. How long is each side?",
     "Using all 120 meters of fencing, a farmer builds a square pen. What is the length of one side?"),
    ("A tree is 2 m tall and grows 0.5 m a year. How many years until it is 5 m tall?",
     "Starting at 2 m, a tree adds 0.5 m of height each year. After how many years will it reach 5 m?"),
    ("Tom pays for a $70 jacket with two $50 bills. How much change does he get?",
     "Tom buys a $70 jacket and hands over two $50 bills. How much change does he get?"),
    # a pair of bills is two; "how many gallons remain" asks the oil left; both legs given make a round trip;
    # "and 12 more in the evening" adds 12, it compares nothing; "the previous day" is "the day before"
    ("Mia buys 2 pens at $3 each. She pays with two $10 bills. How much change does she get?",
     "Paying with a pair of $10 bills, Mia buys two $3 pens. What change does she get?"),
    ("A barrel held 80 gallons of oil. 25% was sold and 10 gallons leaked. How many gallons remain?",
     "Eighty gallons of oil were in a barrel. A quarter was sold and 10 gallons leaked out. How much oil is left?"),
    ("A runner jogs 6 miles to the lake at 6 mph and then 6 miles home at 4 mph. How many hours does the run take?",
     "Jogging to the lake, 6 miles away, a runner keeps 6 mph, and on the 6 miles home 4 mph. How many hours is "
     "the round trip?"),
    ("A shop had 50 shirts. It sold 30% of them in the morning and 12 in the evening. How many shirts are left?",
     "Of a shop's 50 shirts, 30% sell in the morning and 12 more in the evening. How many are left?"),
    # "the whole crop" asks no part; "half an hour" is no half of the whole trip; "over five workdays" is a period;
    # "a third full" is 1/3; "each extra visit" is per visit; "six-hour days" is 6 hours a day
    ("A farm picks 30 kg of apples from each of 5 trees. How many kilograms of apples does it pick?",
     "From each of five trees a farm picks 30 kg of apples. What is the whole crop in kilograms?"),
    ("A bus rides 2 hours, waits 30 minutes, then rides 1 more hour. How many hours does the whole trip take?",
     "A bus rides for two hours, waits half an hour, and then rides 1 more hour. How many hours does the trip take "
     "in all?"),
    ("Ben cycles 3 km to work and back each workday. How far does he cycle in 5 workdays?",
     "Each workday Ben cycles the 3 km to work and returns home by bike. How far does he cycle over five workdays?"),
    ("A 90-liter tank is 1/3 full. How many liters are needed to fill it?",
     "A tank that holds 90 liters is a third full. How many liters does it take to fill it?"),
    ("A cloud service charges $5 a month for 50 GB and $2 for each extra GB. Max stores 60 GB. What does he pay a "
     "month?",
     "Max's cloud plan is $5 monthly with 50 GB included, and every gigabyte past that costs $2. He stores 60 GB. "
     "What is his monthly bill?"),
    ("Amy earns $12 an hour and works 6 hours a day, 4 days a week. She saves 25% of her weekly pay. How much does "
     "she save each week?",
     "Working six-hour days, four days a week, at $12 an hour, Amy saves a quarter of each week's earnings. What "
     "does she save in a week?"),
    # "or $1 singly" is $1 each; "how long will it last" asks no part; "what does it sell for" asks its price;
    # "but only six on Mondays" keeps the exception; "from 9 in the morning" is 9 a.m.
    ("Pens sell in packs of 10 for $6 or at $1 each. Tia buys 2 packs and 4 single pens. What does she pay?",
     "Pens cost $6 for a pack of ten, or $1 singly. Tia takes two packs and four loose pens. How much does she pay?"),
    ("A farmer has 6 sacks of feed with 25 kg in each. His goats eat 40 kg a day. How many full days will the feed "
     "last?",
     "Six sacks of feed hold 25 kg apiece, and the goats eat 40 kg daily. For how many whole days will the feed last?"),
    ("A lamp costs $30 and is marked up 50%. What is the new price?",
     "A $30 lamp is marked up by 50%. What does it sell for now?"),
    ("A cafe opens 10 hours a day, except on Mondays when it opens 6. How many hours is it open in a week?",
     "A cafe is open ten hours daily, but only six on Mondays. How many hours a week is it open?"),
    ("A shop is open from 9 a.m. to 5 p.m. every day. How many hours is it open in a week?",
     "Every day the shop opens from 9 in the morning until 5 in the afternoon. How many hours a week is it open?"),
    ("Li saves $4 on the first day and $2 more each day than the day before. How much does she save on day 5?",
     "Li puts away $4 on day one; each day after, she saves $2 more than the previous day. What does she save "
     "on day 5?"),
    # "each time" is per any occasion; "every other day" is how often, said as "on alternate days"
    ("A cyclist rides every other day in June, which has 30 days, covering 15 km each time. How far does she ride "
     "in June?", "During June's 30 days a cyclist heads out on alternate days, riding 15 km per trip. How many km "
     "does she ride in June?"),
    ("Sam runs 4 miles on each weekend day and 2 miles on weekdays. How many miles does he run in 3 weeks?",
     "Sam runs two miles each weekday and four on Saturdays and on Sundays. How many miles does he cover in three "
     "weeks?"),
    ("A streaming plan costs $12 a month or $120 a year. How much is saved in a year with the yearly plan?",
     "The plan is $12 monthly, or $120 for a full year. How much does the yearly plan save over a year?"),
    ("A club has 60 members. 1/3 of them play chess and 1/2 of the rest paint. How many members paint?",
     "Of a club's 60 members, a third of them play chess, and half of the others paint. How many are painters?"),
    ("A hiker walks 12 km on the first day and 25% more on the second day. How far does she walk in the two days?",
     "On day one a hiker covers 12 km, and on day two 25% more than that. What is her distance over both days?"),
    # "what is still there" is the remainder; "add three years" keeps "older than twice"; "for each three liters"
    # is per three liters; "a fifth is taken off" is 20%; "a 40-gallon drum" says what it holds when full
    ("A bakery makes 90 rolls. It sells 2/3 of them before noon and half of the remaining rolls after noon. How "
     "many rolls are left?", "Of 90 rolls baked, two-thirds go before noon; after noon, half of what is still there "
     "is sold. How many rolls are left?"),
    ("Ray is 3 years older than twice his cousin's age. His cousin is 9. How old is Ray?",
     "Ray's cousin is nine. Take double the cousin's age and add three years to get Ray's age. How old is Ray?"),
    ("A mix uses 4 scoops for every 3 liters of water. How many scoops are needed for 12 liters?",
     "For each three liters of water, the mix takes four scoops. How many scoops go into twelve liters?"),
    ("A $60 lamp is marked up by 50% and then discounted 20%. What is its final price?",
     "A lamp costing $60 is priced 50% higher, and then a fifth is taken off. What does it sell for?"),
    ("A drum holds 40 gallons when full and is 3/4 full. After 10 gallons are used, how many gallons are left?",
     "A 40-gallon drum is three-quarters full. Ten gallons are used. How many gallons remain?"),
    # a share's change said either way; a sentence with no number shares every amount
    ("A bike costs $250. Its price goes up by 8%. What is the new price?",
     "The $250 price of a bike rises 8%. What does the bike cost now?"),
    ("A laptop costs $900 and is discounted 15%. What is the sale price?",
     "A $900 laptop gets a 15% price cut. How much is it on sale?"),
    # "one twentieth" is 5%; "back the same way" is both ways; "the total" is "the whole bill"; "her total"
    # asks no other unit; which rate bases, not how often each is said
    ("A drum has 200 liters. It loses 5% of its water each day. How many liters are left after 2 days?",
     "Each day a drum holding 200 liters loses one twentieth of the water it has. How many liters remain after two "
     "days?"),
    ("Leo walks 3 km to the park and walks back home by the same route each day. How far does he walk in 4 days?",
     "Every day Leo walks the 3 km to the park and comes back the same way. What distance does he cover in four "
     "days?"),
    ("Kim bought 4 hats at $10 each and got a 25% discount on the total. What did she pay?",
     "Four $10 hats were rung up, and 25% came off the whole bill. How much did Kim pay?"),
    ("Ada runs 4 km on weekdays and 6 km on Saturdays. How many km does she run in 3 weeks?",
     "Ada runs four km each weekday and six on Saturdays. What is her total over three weeks?"),
    ("A clerk earns $15 an hour for the first 40 hours and $20 an hour for every hour after that. What does she earn "
     "in a 45-hour week?", "The clerk makes $15 hourly for up to 40 hours a week and $20 for each hour beyond "
     "that. What is her pay for a 45-hour week?"),
    # "a third on Monday" is a share; "in all" for a total over games; "the distance between them" is no total
    ("A shop has 90 hats. It sells 1/3 of them on Friday and 1/5 of them on Saturday. How many hats are left?",
     "Out of 90 hats, a shop sells a third on Friday and a fifth of the original stock on Saturday. How many hats "
     "remain?"),
    ("A player scored 96 points in 6 games. How many points did she score per game on average?",
     "Over six games a player put up 96 points in all. What was her average score per game?"),
    ("Two cars leave a town at the same time, one east at 50 km/h and one west at 70 km/h. How far apart are they "
     "after 2 hours?", "Two cars set off from one town at once in opposite directions, eastbound at 50 km/h and "
     "westbound at 70 km/h. What is the distance between them after 2 hours?"),
    ("Two sisters split a $30 cab fare equally, and each pays $6 for a ticket. How much does each sister pay?",
     "Each of two sisters buys a $6 ticket, and there is a $30 cab fare as well. They share the fare evenly. What "
     "does each sister pay?"),
    # held-out 19's kinds, said of other things: both directions said, one of them turned; a pipe's action
    # turned where the question says "empty"; a number of rows said in the things a row holds; how many are needed
    ("Two boats leave a dock together, one heading east at 12 km/h and the other west at 9 km/h. How far apart are "
     "they after 2 hours?", "Two boats set off from a dock at once in opposite directions, eastbound at 12 km/h and "
     "westbound at 9 km/h. What is the distance between them after 2 hours?"),
    ("A tap fills a tank at 8 liters per minute while a drain empties it at 3 liters per minute. How long until the "
     "100-liter tank is full?", "Water runs into a 100-liter tank at 8 liters per minute and drains out at 3 liters "
     "per minute. How many minutes until the tank is full?"),
    ("A hall has 120 seats set out in rows of 10. If 3 rows are taken away, how many seats remain?",
     "120 seats are arranged in a hall in rows of 10. Then 3 of the rows are removed. How many seats remain?"),
    ("Each box holds 8 bottles. How many boxes are needed to pack 100 bottles?",
     "If each box holds 8 bottles, what is the smallest number of boxes that can hold all 100 bottles?"),
    ("Ana walks 3 km on weekdays and 5 km on weekend days. How far does she walk in a week?",
     "Ana walks 3 km each weekday and 5 km on each weekend day. How far does she walk in a week?"),
    # held-out 20's restatements: past the first 10, or beyond them; "adds 5" said "5 more", "another" "more";
    # "and each adult pays" is a clause's subject, not a rate per adult
    ("A gym charges $30 a month plus $2 for each visit over 10. Sue visits 14 times in a month. What does she pay?",
     "Sue's gym costs $30 monthly, and each visit beyond the first 10 costs $2. She goes 14 times in a month. What "
     "is her bill?"),
    ("A gym charges $30 a month plus $2 for each visit over 10. Sue visits 14 times in a month. What does she pay?",
     "Sue pays $30 a month for her gym, with the first 10 visits free and $2 for each visit beyond them. She goes "
     "14 times in a month. What does she pay?"),
    ("A box has 20 pens. Lee adds 5 pens to it. How many pens are in the box?",
     "A box holds 20 pens, and Lee puts 5 more pens in. How many pens does the box hold now?"),
    ("A baker ices 12 cakes an hour for 2 hours, rests, and then ices for another 3 hours. How many cakes does he "
     "ice?", "A baker ices 12 cakes an hour for 2 hours, takes a rest, then ices for 3 more hours. How many cakes "
     "are iced in all?"),
    ("In a club of 30, 2/5 are adults. Each child pays $4 and each adult pays $9. How much is paid in all?",
     "A club of 30 is two-fifths adults and the rest children. Every adult pays $9, every child $4. What do they "
     "pay in all?"),
    # a share said with another verb of the same action
    ("Ina earns $600 a week and saves 20% of it. How much does she save in 5 weeks?",
     "Each week Ina makes $600 and puts a fifth of it into savings. What are her savings after five weeks?"),
    ("Leo has 30 sweets and gives 1/3 of them to Ana. How many sweets does he have left?",
     "Leo hands a third of his 30 sweets to Ana. How many sweets does he have left?"),
    # held-out 21's restatements: "every morning" is once a day; a profit is a rise; "the next 4 hours" are
    # "4 more hours"; "other than black" is "not black"; an area asked by its unit; sales name what is sold
    ("Ron swims 2 km every morning and 1 km every evening. How far does he swim in a week?",
     "Each day Ron swims 2 km in the morning and another 1 km in the evening. What distance does he swim in a week?"),
    ("A shop buys a lamp for $40 and sells it at a 30% profit. What is the selling price?",
     "A shop pays $40 for a lamp and sells it for 30% more than it paid. What does it sell the lamp for?"),
    ("A van drives 50 km/h for the first 2 hours and 70 km/h for the next 4 hours. How far does it go?",
     "For 2 hours a van drives at 50 km/h, then for 4 more hours at 70 km/h. What distance does it cover?"),
    ("A box has 6 red, 4 white and 5 black socks. How many socks are not black?",
     "In a box are 6 red socks, 4 white ones and 5 black ones. How many socks are some colour other than black?"),
    ("A rectangle is 6 m long and 4 m wide. What is its area?",
     "A rectangle measures 6 m by 4 m. How many square meters does it cover?"),
    ("A shop sells 80 items on Monday and 95 items on Tuesday. How many items does it sell on the two days?",
     "On Monday a shop sold 80 items and on Tuesday 95. What were its sales over both days?"),
    # held-out 22's restatements: "each senior pays" compares nothing; "the second at 30% off" picks the second
    # mug; "add up to" is "the sum of"
    ("A choir has 36 members. 1/3 of them are juniors, and the rest are seniors. Each senior pays $12 a term. How "
     "much do the seniors pay in a term?", "Of a choir's 36 members, a third are juniors and the others seniors. "
     "Seniors pay a $12 fee per term. What do the seniors pay altogether each term?"),
    ("A shop offers 'buy one, get the second at 30% off'. Mugs cost $10 each. How much do 2 mugs cost?",
     "Mugs are $10 each, and with the shop's offer the second mug is 30% off. What do two mugs cost?"),
    ("Ivy is 4 years younger than Max. In 2 years their ages will add up to 30. How old is Max now?",
     "Ivy is 4 years younger than Max. Two years from now the sum of their ages will be 30. What is Max's age now?"),
    # held-out 23's restatements: a trip is a run; a total in the question gains nothing; a ratio's terms kept in order
    ("A van makes 4 trips a day with 12 boxes each trip. How many boxes does it carry in 5 days?",
     "Every day a van does 4 runs, carrying 12 boxes on each run. How many boxes does it carry over 5 days?"),
    ("A cabin costs $80 a night plus a one-time fee of $25. How much is a 4-night stay?",
     "A cabin is $80 per night with a single $25 fee. What is the total for staying 4 nights?"),
    ("The ratio of cats to dogs at a shelter is 4:3. There are 28 animals. How many dogs are there?",
     "A shelter's 28 animals are cats and dogs in the ratio 4:3. How many of them are dogs?"),
    # held-out 24's restatements: "full" said by the container's measure; a count past a first kept either way
    ("A jug holds 2 liters. Sam pours 3 full jugs into a tank each day. How many liters go in over 5 days?",
     "Each day Sam empties three 2-liter jugs into a tank. Over 5 days, how many liters is that?"),
    ("Parking is $4 for the first hour and $2 for each hour after that. Lee parks 3 hours past the first. What "
     "does he pay?", "Lee parks for the first hour at $4 and then 3 more hours at $2 each. What does he pay?"),
    ("A farm has 90 eggs. It sells 1/3 of them in the morning and 12 more in the evening. How many are left?",
     "Of a farm's 90 eggs, a third are sold in the morning and then another 12 in the evening. How many remain?"),
    ("A cafe served 150 meals this month, 25% more than last month. How many meals did it serve last month?",
     "This month a cafe served 150 meals, which is 25% more than the month before. How many meals did it serve "
     "the previous month?"),
    ("Ben has 3 times as many cards as Cy, and Cy has 9 cards. How many cards does Ben have?",
     "Cy has 9 cards and Ben has three times as many. How many cards does Ben have in all?"),
    ("A gym costs $40 a month and the fee rises by $5 each year. How much will Jo pay in total next year?",
     "A gym charges $40 each month, and every year the monthly fee goes up by $5. What will Jo pay altogether "
     "next year?"),
    ("A box of 12 pens costs $6. How much does one pen cost?",
     "Pens come in boxes of 12 for $6. How much does a single pen cost?"),
    # a period the original makes of its amounts or names by a part of the day
    ("A tap drips 5 mL an hour. How many mL does it drip in 24 hours?",
     "A tap drips 5 mL each hour. How many mL does it drip in a day?"),
    ("Two cyclists start 45 km apart. They ride toward each other at 12 km/h and 18 km/h. After how many hours do "
     "they meet?", "Two cyclists are 45 km apart. Riding towards one another, one goes 12 km/h and the other 18 "
     "km/h. How many hours until they meet?"),
    # held-out 25's restatements: days listed after "on"; home again; a square unit in a condition; "exceeds ...
    # by"; a difference from an amount worked out; a decimal inside a sentence
    ("Eli swims 2 km on weekdays and 3 km on each weekend day. How far does he swim in a week?",
     "On every weekday Eli swims 2 km, and on Saturdays and Sundays he swims 3 km. How far does he swim in a week?"),
    ("Zoe drives to the gym and back 3 times a week. The gym is 6 km away. How far does she drive in a week?",
     "Three times a week Zoe drives 6 km to the gym and then home again. How far does she drive each week?"),
    ("A floor is 6 m by 4 m. One box of tiles covers 2 square meters. How many boxes are needed?",
     "If one box of tiles covers 2 square meters, how many boxes are needed for a floor of 6 m by 4 m?"),
    ("A garden is 3 m longer than it is wide. Its width is 7 m. What is its perimeter?",
     "A garden's width is 7 m and its length exceeds its width by 3 m. Find its perimeter."),
    ("Ann is 16. Her brother's age is half of Ann's age plus 4 years. How old is her brother?",
     "Ann is 16 years old. Her brother is 4 years older than half of Ann's age. How old is he?"),
    ("A tap fills 2.5 liters a minute. How many liters does it fill in 1.5 hours?",
     "How many liters does a tap that fills 2.5 liters each minute fill in an hour and a half?"),
    ("A gym charges a $40 sign-up fee and $25 a month. How much does a member pay in the first year?",
     "Joining a gym costs $40 once plus $25 for each month. What does a member pay during the 1st year?"),
    ("Omar splits 30 marbles equally with his 4 cousins. How many marbles does each of them get?",
     "Omar divides 30 marbles evenly between himself and his 4 cousins. How many marbles does each one get?"),
    ("Raj earns $900 a week and pays 15% in tax. How much does he keep?",
     "Raj makes $900 weekly, and 15% goes to tax. What is his take-home pay?"),
    # held-out 26's restatements: "8 per box" counts no box; "the 4th" is "the fourth"; a remainder asked; a verb
    # said once for two counts; "after that" is "then"; -oes and -ie plurals
    ("Ivy has 6 bags with 9 marbles in each. She loses 10 marbles. How many marbles does she have left?",
     "Ivy owns 6 bags of marbles, 9 per bag. After losing 10 marbles, how many does she have left?"),
    ("A hostel bed costs $30 a night, and the 3rd night is free. How much do 3 nights cost?",
     "At $30 per night, with the third night free, what does a 3-night stay at the hostel cost?"),
    ("A tank has 400 liters of water. It leaks 4 liters per hour. How much water is in the tank after 1 day?",
     "A tank holding 400 liters leaks at 4 liters an hour. How many liters remain after one day?"),
    ("A book has 200 pages. Tom reads 10 pages a day for 6 days and 20 pages a day after that. How many days does "
     "he need?", "Tom's book has 200 pages. He reads 10 pages daily for 6 days, then 20 pages daily until he "
     "finishes. How many days does he need in all?"),
    ("A farm has 5 rows of 10 tomato plants. Each plant gives 3 kg of tomatoes. How many kg does the farm give?",
     "Each of the 10 tomato plants in each of the farm's 5 rows yields 3 kg. How many kilograms of tomatoes does "
     "the farm produce?"),
    # held-out 28's restatements: a span over installments; "km/h" names an hour; "sold in bottles" sells nothing
    ("A laptop costs $900. Jo pays 20% now and the rest in 8 equal monthly payments. How much is each payment?",
     "Jo buys a $900 laptop, paying a fifth up front and spreading the remainder over 8 equal monthly installments. "
     "What is each installment?"),
    ("Ann jogs at 8 km/h and walks at 4 km/h. She jogs for 30 minutes and walks for 15 minutes. How far does she go?",
     "Jogging at 8 km/h for half an hour, then walking at 4 km/h for 15 minutes, how far does Ann travel?"),
    ("A cafe uses 3 liters of juice a day. Juice comes in 2-liter cartons. How many cartons does it need for a week?",
     "A cafe goes through 3 liters of juice each day. If juice is sold in 2-liter cartons, how many cartons must it "
     "buy for a week?"),
    # held-out 29's: "two-thirds of a cup" is no rate per cup
    ("A recipe needs 3/4 cup of milk for one pie. How many cups of milk are needed for 8 pies?",
     "One pie calls for three-quarters of a cup of milk. How much milk, in cups, do 8 pies need?"),
    # held-out 27's restatements: "when full" asks no time
    ("A pool is 10 m long, 5 m wide and 2 m deep. How many cubic meters of water does it hold when full?",
     "How many cubic meters of water fill a pool that measures 10 m by 5 m and is 2 m deep?"),
    ("Kai runs 3 km every morning. How far does he run in 7 days?",
     "Every morning Kai runs 3 km. How far does he run in a week, running once a day?"),
    # held-out 29's: a distance to a place is no rate; an amount on days counted each week is per day; the
    # asked verb named as a noun ("how many meters does it rise" -> "its net rise")
    ("A hiker walks 12 miles to a cabin at 3 mph and walks back at 4 mph. How many hours does the trip take in all?",
     "A hiker covers 12 miles out to a cabin at 3 mph, then returns the same way at 4 mph. How many hours does the "
     "whole trip take?"),
    ("Ben swims 30 minutes a day, 4 days a week. How many hours does he swim in 3 weeks?",
     "Four days each week Ben swims for 30 minutes. How many hours is that over 3 weeks?"),
    ("A frog jumps 4 m up a slope each turn and slips back 1 m after it. How many meters does it rise in net after 6 "
     "turns?", "Each turn a frog jumps 4 m up a slope and then slips back 1 m. What is its net rise after 6 turns?"),
    # held-out 30's: a comparison in a relative clause is said of its noun; "still have to" is "still need to"
    ("Ana is 6 years older than her cousin. In 2 years their ages will add up to 40. How old is Ana now?",
     "In 2 years, Ana and her cousin, who is 6 years younger than her, will have ages that add up to 40. How old is "
     "Ana now?"),
    ("A 500-page report has 120 pages proofread on Monday and 50% of the remaining pages on Tuesday. How many pages "
     "does the editor still have to proofread?", "Of a 500-page report, 120 pages are proofread on Monday, and on "
     "Tuesday half of the pages still left. How many pages does the editor still need to proofread?"),
    ("A swimmer does 6 lengths, resting 20 seconds after each length except the last. How long does she rest?",
     "A swimmer swims 6 lengths and takes a 20-second break after every length but the final one. How long are her "
     "breaks in all?"),  # an exception said further on
    ("A cafe sells 120 muffins on Saturday and 90 on Sunday. How many more muffins does it sell on Saturday?",
     "On Saturday a cafe sells 120 muffins and on Sunday 90. By how many does Saturday's sale exceed Sunday's?"),
    # held-out 31's: the question's "how much more" is not the number's; a count before "10-hour shifts" counts
    # shifts; "square tiles" is no square unit and, all tiles being square, picks none out; "a tax of 5%" is
    # "5% tax"; "Ben and Mia ... in a 2 to 3 ratio"
    ("A 1-liter carton of milk costs $2 and a 250 mL carton costs $0.75. How much more does 2 liters of milk cost in "
     "small cartons than in large ones?", "Milk costs $2 for a 1-liter carton or $0.75 for a 250 mL carton. Buying 2 "
     "liters, how much more do the small cartons cost than the large ones?"),
    ("A guard works 10-hour shifts, 4 shifts a week, and earns $25 an hour. How much does he earn in 2 weeks?",
     "Working four 10-hour shifts each week at $25 per hour, how much does a guard earn over 2 weeks?"),
    ("A wall 5 m by 3 m is covered with square tiles 25 cm on a side. How many tiles are needed?",
     "How many square tiles, each 25 cm by 25 cm, does it take to cover a 5 m by 3 m wall?"),
    ("A $60 coat is 20% off. A sales tax of 5% is added to the sale price. What is the final cost?",
     "A coat normally priced at $60 is 20% off, and 5% tax is charged on the reduced price. How much does it cost in "
     "the end?"),
    ("Ben and Mia share $450 in the ratio 2:3. How much does Mia get?",
     "If $450 is split between Ben and Mia in a 2 to 3 ratio, what is Mia's share?"),
    # held-out 32's: "doubles" as "double in number"; "each following day" is a series, not "the day after"; "that
    # each held" names no rate; the size's rate is the servings' too; "over 6 games" is a span
    ("A colony of 40 bacteria doubles every hour, and then 5 die. How many are there after 2 hours?",
     "Each hour a colony of bacteria double in number, after which 5 die. Starting from 40, how many are there after 2 "
     "hours?"),
    ("Ivy saves $3 on Monday, and each day after that she saves $2 more than the day before. How much has she saved "
     "by Thursday?", "Ivy saves $3 on Monday and then $2 more than the previous amount on each following day. How "
     "much has she saved by Thursday?"),
    ("Each of 4 crates holds 30 apples. Sam adds 5 apples to each crate. How many apples are in the crates now?",
     "Sam puts 5 more apples into every one of 4 crates that each held 30 apples. How many apples are in the crates "
     "now?"),
    ("A jar holds 600 g of coffee. A cup takes 15 g, and Leo drinks 2 cups a day. How many full days does the jar "
     "last?", "Leo drinks 2 cups of 15 g of coffee every day from a 600 g jar. For how many full days will the jar "
     "last?"),
    ("A team scores 120 points in 6 games, the same each game. How many points does it score in 4 games?",
     "Scoring the same number of points every game, a team makes 120 points over 6 games. How many points does it "
     "score in 4 games?"),
    # held-out 33's: a condition in the question is not what it asks; "in a 4 to 5 ratio"; "spends $39 altogether
    # on 4 plates"; "what does one cup cost"; a share of an amount earned each month; "than the floor just below it"
    ("A shop sells eggs in cartons of 12 for $3. Ravi needs 30 eggs. How much does he spend if he can buy only whole "
     "cartons?", "Eggs come only in cartons of 12, at $3 a carton. If Ravi needs 30 eggs, how much must he spend?"),
    ("In a club of 45 members, the ratio of adults to children is 4:5. How many more children than adults are there?",
     "A club of 45 has adults and children in a 4 to 5 ratio. By how many do the children outnumber the adults?"),
    ("Ms. Cruz buys 4 plates at $6 each and 3 cups. She spends $39 in total. How much does each cup cost?",
     "Ms. Cruz spends $39 altogether on 4 plates costing $6 apiece and 3 cups of equal price. What does one cup cost?"),
    ("Noah saves 15% of his monthly pay of $2,000. How many months does he need to save $1,500?",
     "Noah puts aside 15% of the $2,000 he earns each month. How many months until his savings reach $1,500?"),
    ("A tower has 6 floors. The ground floor has 20 windows, and each floor above has 2 fewer windows than the one "
     "below it. How many windows does the tower have?", "A 6-floor tower has 20 windows on the ground floor, and "
     "each higher floor has 2 windows fewer than the floor just below it. How many windows are there in all?"),
    # held-out 34's: "each of 4 days a week" keeps the days' own rate; "$6 more than one cap" is the 6's "more"
    ("Mia walks 2 km to the park and rides home. She does this 4 days a week. How far does she walk in 3 weeks?",
     "On each of 4 days a week, Mia walks the 2 km to the park and rides home. How far does she walk over 3 weeks?"),
    ("A cap costs $9, and a scarf costs $6 more than the cap. Ali buys 3 caps and 1 scarf. How much does he spend?",
     "Ali buys three $9 caps and a scarf that costs $6 more than one cap. What does he spend?"),
]


@pytest.mark.parametrize("original, rewrite, why", UNFAITHFUL, ids=[u[2] for u in UNFAITHFUL])
def test_scope_rejects_a_change_that_keeps_every_number(original: str, rewrite: str, why: str):
    candidate = Candidate("u", original, rewrite, "0")
    assert check_quantities(candidate, True, 0)["passed"] is True  # every number is still there
    result = check_scope(candidate, True)
    assert result["passed"] is False and why in result["reason"], result["reason"]


@pytest.mark.parametrize("original, rewrite", FAITHFUL)
def test_scope_accepts_a_paraphrase(original: str, rewrite: str):
    result = check_scope(Candidate("f", original, rewrite, "0"), True)
    assert result["passed"] is True, result["reason"]


def test_time_and_a_half_is_one_and_a_half_times():
    original = "Overtime is paid at time and a half for each hour over 40. Sam earns $10 an hour and works 44 hours."
    rewrite = "Sam's pay is $10 per hour, with 1.5 times that rate for every hour beyond 40. He works 44 hours."
    candidate = Candidate("t", original + " What does he earn?", rewrite + " What does he earn?", "460")
    assert check_quantities(candidate, True, 0)["passed"] is True
    assert check_scope(candidate, True)["passed"] is True


def test_a_two_said_as_a_pair_is_kept():
    """"for every 2 cakes" = "for each pair of cakes"; a pair said where no 2 was is no licence to drop one."""
    original = "A baker uses 3 eggs for every 2 cakes. How many eggs does she need for 18 cakes?"
    for rewrite, kept in (("For each pair of cakes the baker uses 3 eggs. How many eggs does she need for 18 cakes?",
                           True),
                          ("For each cake the baker uses 3 eggs. How many eggs does she need for 18 cakes?", False)):
        assert check_quantities(Candidate("p", original, rewrite, "27"), True, 0)["passed"] is kept, rewrite
    two = "Two taps fill a bath. One fills it in 10 minutes, the other in 15. How many minutes do they take together?"
    for rewrite, kept in (("Alone, one tap fills a bath in ten minutes and another in fifteen. How many minutes do "
                           "they take together?", True),
                          ("A tap fills a bath in ten minutes, or in fifteen. How many minutes does it take?", False)):
        assert check_quantities(Candidate("p", two, rewrite, "6"), True, 0)["passed"] is kept, rewrite
    three = "Ravi ran 5, 7 and 9 km on three days. How far did he run?"
    for rewrite, kept in (("On the days he ran 5, 7, and 9 km, how far did Ravi run in all?", True),
                          ("Ravi ran 5 and 9 km. How far did he run?", False)):
        assert check_quantities(Candidate("p", three, rewrite, "21"), True, 0)["passed"] is kept, rewrite


def test_a_unit_said_as_its_number_is_no_new_number_and_no_leak():
    """"a week" -> "7 days" restates the problem; "5 days" changes it."""
    original = "A cow gives 9 liters of milk a day. How many liters does it give in a week?"
    for rewrite, kept in (("A cow gives 9 liters of milk a day. How many liters does it give in 7 days?", True),
                          ("A cow gives 9 liters of milk a day. How many liters does it give in 5 days?", False)):
        candidate = Candidate("w", original, rewrite, "63", "9 * 7 = 63\n#### 63")
        assert check_quantities(candidate, True, 0)["passed"] is kept
        assert check_leak(candidate, True, True)["passed"] is True
    fourth = Candidate("f", "Ed scored 70, 80 and 90 on three tests. What must he score on a fourth test to average 85?",
                       "Ed has scores of 70, 80 and 90 on three tests. To average 85 over four tests, what must he score "
                       "on the fourth?",
                       "100", "85 * 4 = 340\n70 + 80 + 90 = 240\n340 - 240 = 100\n#### 100")
    assert check_quantities(fourth, True, 0)["passed"] is True and check_leak(fourth, True, True)["passed"] is True
    whole = Candidate("w", "Her rent is $900 a month. What does she pay in a whole year?",
                      "What does she pay in rent over twelve months at $900 a month?", "10800", "900 * 12 = 10800\n#### 10800")
    assert check_quantities(whole, True, 0)["passed"] is True and check_leak(whole, True, True)["passed"] is True


def test_a_quantity_in_other_units_or_words_is_kept():
    """"$0.20" = "twenty cents", "30 minutes" = "a half-hour"; "20 minutes" is another quantity."""
    for original, rewrite, kept in (
            ("A call costs $0.20 a minute. Jo talks 50 minutes. What does it cost?",
             "Jo talks for 50 minutes on a call billed at twenty cents a minute. What does it cost?", True),
            ("She naps for 30 minutes each day. How many hours does she nap in 6 days?",
             "Each day she takes a half-hour nap. How many hours of napping is that over 6 days?", True),
            ("She naps for 30 minutes each day. How many hours does she nap in 6 days?",
             "Each day she takes a 20-minute nap. How many hours of napping is that over 6 days?", False)):
        assert check_quantities(Candidate("c", original, rewrite, "3"), True, 0)["passed"] is kept, rewrite
    lunch = Candidate("c", "She works 8 hours a day with a 30-minute unpaid break. How many paid hours in 5 days?",
                      "She works 8 hours a day with an unpaid break of half an hour. How many paid hours in 5 days?",
                      "37.5", "8 - 0.5 = 7.5\n7.5 * 5 = 37.5\n#### 37.5")
    assert check_quantities(lunch, True, 0)["passed"] is True and check_leak(lunch, True, True)["passed"] is True


def test_an_opening_entity_may_lose_its_modifier():
    """"A toy store sells" -> "A store sells" names the same one; "the fiction books" -> "the books" does not."""
    kept = Candidate("r", "A toy store sells 30 kites at $4 each. How much money does it make?",
                     "A store sells 30 kites at $4 each. How much money does it make?", "120")
    assert check_referents(kept, True, 4)["passed"] is True


# the labelled sets none of whose faithful rewrites the scope filter refuses (held-out 9, 11, 12, 19, 21 and 22
# still have restatements it misreads)
READ_SETS = ("filter_calibration", "real_rewrites", "hard_rewrites", "heldout2_rewrites", "heldout3_rewrites",
             "heldout5_rewrites", "heldout7_rewrites", "heldout8_rewrites", "heldout10_rewrites", "heldout13_rewrites",
             "heldout14_rewrites", "heldout15_rewrites", "heldout16_rewrites", "heldout17_rewrites",
             "heldout18_rewrites", "heldout20_rewrites", "heldout24_rewrites", "heldout25_rewrites", "heldout26_rewrites",
             "heldout28_rewrites", "heldout29_rewrites", "heldout30_rewrites", "heldout31_rewrites",
             "heldout32_rewrites", "heldout33_rewrites")


def test_scope_on_the_hand_labelled_sets():
    """No faithful rewrite of the sets read in full is rejected; the hard set's number-keeping changes are caught
    (40 of 45 when this was last raised: a drop is a regression)."""
    for name in READ_SETS:
        for row in read_jsonl(DATA / f"{name}.jsonl"):
            if row["faithful"]:
                result = check_scope(Candidate(row["id"], row["question"], row["rewrite"], row["answer"]), True)
                assert result["passed"] is True, (row["id"], result["reason"])
    hard = [row for row in read_jsonl(DATA / "hard_rewrites.jsonl") if not row["faithful"]]
    caught = [row["id"] for row in hard if not check_scope(Candidate(row["id"], row["question"], row["rewrite"],
                                                                           row["answer"]), True)["passed"]]
    assert len(caught) >= 40, sorted(set(row["id"] for row in hard) - set(caught))


def test_a_qualifier_added_after_a_number_rejects_unless_the_original_says_it():
    question = "He is paid $18 an hour for 40 hours and $27 an hour after that. He worked 46 hours. What did he earn?"
    added = check_referents(Candidate("r", question, question.replace("46 hours.", "46 hours of overtime."), "882"),
                            True, 6)
    assert added["passed"] is False and added["added"] == {"46": ["overtime"]}
    feed = "Robert is feeding his cows feed. Each cow needs 14 kilograms. How much for 3 cows?"
    restated = feed.replace("14 kilograms.", "14 kilograms of feed.")
    assert check_referents(Candidate("r", feed, restated, "42"), True, 6)["passed"] is True


MODIFIER_CUTS = [
    ("He picks 40 apples and sells the remaining apples after eating 6. How many does he sell?",
     "He picks 40 apples and sells the apples after eating 6. How many does he sell?", "remaining"),
    ("A jar holds 30 marbles; 12 are red. Ana takes half of the red marbles. How many does she take?",
     "A jar holds 30 marbles; 12 are red. Ana takes half of the marbles. How many does she take?", "red"),
    ("Leo swims 2 km every other day. How far does he swim in 30 days?",
     "Leo swims 2 km every day. How far does he swim in 30 days?", "other"),
    ("Of 50 guests, 20 are children. Each adult guest pays $8. What do the guests pay?",
     "Of 50 guests, 20 are children. Each guest pays $8. What do the guests pay?", "adult"),
]


@pytest.mark.parametrize("original,rewrite,word", MODIFIER_CUTS)
def test_a_modifier_cut_from_a_kept_noun_rejects(original: str, rewrite: str, word: str):
    result = check_referents(Candidate("r", original, rewrite, "1"), True, 6)
    assert result["passed"] is False and any(repr(word) in said for said in result["modifiers"]), result


def test_a_modifier_moved_or_not_restrictive_passes():
    moved = check_referents(Candidate("r", "How long does it take to fill the empty tank of 200 liters at 8 a minute?",
                                      "An empty tank holds 200 liters; at 8 a minute, how long to fill the tank?",
                                      "25"), True, 6)
    total = check_referents(Candidate("r", "What is the total cost of 4 shirts at $9 each?",
                                      "What is the cost of 4 shirts at $9 each?", "36"), True, 6)
    days = check_referents(Candidate("r", "A shop opens 8 hours on weekdays and 5 hours each weekend day. How many "
                                          "hours is it open in a week?", "Every weekday the shop is open 8 hours, and "
                                          "5 hours each day on Saturday and Sunday. How many hours a week?", "50"), True, 6)
    left = check_referents(Candidate("r", "She read 40 pages and 25% of the remaining pages. How many pages does she "
                                          "still have to read?", "She read 40 pages and a quarter of the pages she had "
                                          "left. How many pages does she still need to read?", "0"), True, 6)
    assert moved["passed"] is True and total["passed"] is True and days["passed"] is True, (moved, total, days)
    assert left["passed"] is True, left  # "still need to" says a remainder as "still have to" does
    alike = check_referents(Candidate("r", "Mr. Lee buys 3 shirts at $20 each and 2 ties. How much does each tie "
                                           "cost?", "Mr. Lee buys 3 shirts costing $20 apiece and 2 ties of equal "
                                           "price. What does one tie cost?", "0"), True, 6)
    pool = check_referents(Candidate("r", "A swimming pool is 25 m long. Tia swims 40 lengths. How far does she swim?",
                                     "Tia swims 40 lengths of a 25-meter pool. How far is that?", "0"), True, 6)
    assert alike["passed"] is True and pool["passed"] is True, (alike, pool)  # all alike; "25 m" says meter
    clause = check_referents(Candidate("r", "A store marks a $40 lamp up by 25% and later marks it down by 10% of the "
                                            "new price. What is the final price?", "A $40 lamp is marked up 25%, and "
                                            "then the raised price is cut by 10%. What does it cost in the end?", "0"),
                             True, 6)
    assert clause["passed"] is True, clause  # "and later marks it down": a clause, not what 25% counts
    for name in ("filter_calibration.jsonl", "real_rewrites.jsonl", "hard_rewrites.jsonl", "heldout_rewrites.jsonl"):
        for row in read_jsonl(DATA / name):
            if row["faithful"]:
                result = check_referents(Candidate(row["id"], row["question"], row["rewrite"], row["answer"]), True, 6)
                assert result["modifiers"] == [], (row["id"], result["reason"])


def test_the_program_evaluator_runs_arithmetic_only():
    assert run_program("```python\nimport math\npages = 4 * 150\nanswer = pages / 15\n```") == 40
    assert run_program("def solution():\n    a = 7\n    a += 2\n    return math.ceil(a / 2)\nprint(solution())") == 5
    assert run_program("total = sum([1, 2, 3])\nprint(round(total / 4, 2))") == 1.5
    for program in ("import os\nanswer = 1", "answer = __import__('os')", "for i in range(9): pass",
                    "answer = 9 ** 99", "answer = 10 ** 20", "answer = (1).real", "answer = 1 / 0",
                    "x = 5", "answer = open('f')", "answer = 'text'", "answer = y + 1", "x" * 5000):
        with pytest.raises(Unreadable):
            run_program(program)


def test_a_decimal_point_ends_no_sentence():
    """"in 1.5 hours?" is one asking sentence (split at the point, "5 hours?" was compared with the rewrite's)."""
    assert asked_parts("A tap fills 2.5 liters a minute. How many liters in 1.5 hours?") == ["How many liters in 1.5 hours?"]


def test_a_noun_and_a_verb_said_once_are_kept():
    """"tomatoes" and "tomato", "cookies" and "cookie" are one noun; "18 play soccer and 12 basketball" says the
    verb once for both counts."""
    assert stem("tomatoes") == stem("tomato") and stem("cookies") == stem("cookie") and stem("shoes") == "shoe"
    for original, rewrite in (
            ("A farm has 5 rows of 10 tomato plants. Each plant gives 3 kg of tomatoes. How many kg does the farm give?",
             "Each of the 10 tomato plants in each of the farm's 5 rows yields 3 kg. How many kilograms of tomatoes "
             "does the farm produce?"),
            ("Of 40 pupils, 25 like tea, 20 like coffee, and 8 like both. How many like neither?",
             "Of 40 pupils, 25 like tea and 20 coffee, with 8 liking both. How many like neither?")):
        assert check_referents(Candidate("r", original, rewrite, "0"), True, 6)["passed"] is True, rewrite


def test_a_one_said_with_an_article_is_kept():
    """"1 gallon every 30 miles" = "a gallon per 30 miles"; "1 gallon" -> "2 gallons" is not."""
    original = "A car uses 1 gallon every 30 miles. How many gallons for 90 miles?"
    kept = Candidate("q", original, "If a car burns a gallon per 30 miles, how many gallons does 90 miles take?", "3")
    gone = Candidate("q", original, "If a car burns gallons per 30 miles, how many gallons does 90 miles take?", "3")
    assert check_quantities(kept, True, 0)["passed"] is True and check_quantities(gone, True, 0)["passed"] is False


def test_returning_the_same_way_is_both_ways():
    assert BOTH_WAYS.search("bo walks 6 km out to a farm and returns the same way at 3 km/h.")
